package dev.idempotency.store.redis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.FileSystemUtils;

/**
 * A Redis Cluster of three masters on loopback, started from the machine's {@code redis-server}
 * and {@code redis-cli} on free ports and torn down on {@link #close()}.
 */
public final class RedisClusterTestServer implements AutoCloseable {

	private static final int MASTERS = 3;

	private final Path directory;

	private final List<Integer> ports = new ArrayList<>();

	private final List<Process> nodes = new ArrayList<>();

	private RedisClusterTestServer() throws IOException {
		this.directory = Files.createTempDirectory("redis-cluster");
	}

	/**
	 * Start the nodes and create the cluster.
	 * @return the running cluster
	 * @throws Exception if it cannot be started; the message says what is missing
	 */
	public static RedisClusterTestServer start() throws Exception {
		RedisClusterTestServer cluster = new RedisClusterTestServer();
		try {
			cluster.startNodes();
			cluster.createCluster();
			return cluster;
		}
		catch (Exception ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Create a started connection factory to the cluster; the caller destroys it.
	 * @return the connection factory
	 */
	public LettuceConnectionFactory connectionFactory() {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration(nodes());
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Return the {@code host:port} of every node.
	 * @return the nodes
	 */
	public List<String> nodes() {
		return this.ports.stream().map((port) -> "127.0.0.1:" + port).toList();
	}

	@Override
	public void close() {
		this.nodes.forEach(Process::destroy);
		for (Process node : this.nodes) {
			try {
				if (!node.waitFor(5, TimeUnit.SECONDS)) {
					node.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private void startNodes() throws Exception {
		for (int i = 0; i < MASTERS; i++) {
			int port = freeClusterPort();
			Path nodeDirectory = Files.createDirectories(this.directory.resolve(Integer.toString(port)));
			ProcessBuilder node = command(nodeDirectory, "redis-server", "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "",
					"--appendonly", "no", "--dir", nodeDirectory.toString());
			try {
				this.nodes.add(node.start());
			}
			catch (IOException ex) {
				throw new IllegalStateException("The Redis Cluster tests start their nodes with the machine's "
						+ "redis-server and redis-cli (Redis 7 or newer): install them and run the tests again.", ex);
			}
			this.ports.add(port);
		}
		for (int port : this.ports) {
			awaitOutput(Duration.ofSeconds(10), "PONG", "redis-cli", "-p", Integer.toString(port), "ping");
		}
	}

	private void createCluster() throws Exception {
		List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
		this.ports.forEach((port) -> create.add("127.0.0.1:" + port));
		create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
		Process process = command(this.directory, create.toArray(String[]::new)).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException("redis-cli --cluster create failed: " + output);
		}
		for (int port : this.ports) {
			awaitOutput(Duration.ofSeconds(20), "cluster_state:ok", "redis-cli", "-p", Integer.toString(port),
					"cluster", "info");
		}
	}

	private void awaitOutput(Duration timeout, String expected, String... command) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		String output = "";
		while (Instant.now().isBefore(deadline)) {
			Process process = command(this.directory, command).start();
			output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor();
			if (output.contains(expected)) {
				return;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("'" + String.join(" ", command) + "' did not answer " + expected
				+ " within " + timeout + "; last answer: " + output);
	}

	private static ProcessBuilder command(Path directory, String... command) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
		if (!command[0].equals("redis-cli")) {
			builder.redirectOutput(directory.resolve(command[0] + ".log").toFile());
		}
		return builder;
	}

	/** A free port whose cluster bus port (port + 10000) is free too. */
	private static int freeClusterPort() throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (port + 10000 < 65536 && isFree(port + 10000)) {
					return port;
				}
			}
		}
		throw new IllegalStateException("No free pair of ports for a Redis Cluster node");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
