package dev.idempotency.test;

import java.io.File;
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

import org.springframework.util.FileSystemUtils;

/**
 * A {@code redis-server} process of a test's own, on a free loopback port, without persistence:
 * unlike a shared server it can be frozen ({@code SIGSTOP}) and thawed ({@code SIGCONT}) to
 * simulate a store that stops answering. {@link #close()} kills it.
 */
public final class RedisServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path directory;

	private RedisServerProcess(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	/**
	 * Start a server and wait until it answers {@code PING}.
	 * @return the running server
	 */
	public static RedisServerProcess start() {
		try {
			Path directory = Files.createTempDirectory("redis-server-process");
			int port = freePort();
			Process process;
			try {
				process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
						"--save", "", "--appendonly", "no", "--dir", directory.toString())
					.redirectErrorStream(true)
					.redirectOutput(directory.resolve("redis-server.log").toFile())
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("This test starts its own redis-server (Redis 7 or newer) from the "
						+ "PATH: install it and run the test again.", ex);
			}
			RedisServerProcess server = new RedisServerProcess(process, port, directory);
			server.awaitPong(Duration.ofSeconds(10));
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server", ex);
		}
	}

	/**
	 * Return the loopback port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the process id of the server.
	 * @return the pid
	 */
	public long pid() {
		return this.process.pid();
	}

	/**
	 * Stop the server process ({@code SIGSTOP}): connections stay open, nothing is answered, and
	 * commands already sent are applied only once it is {@link #thaw() thawed}.
	 */
	public void freeze() {
		signal("-STOP");
	}

	/**
	 * Let a frozen server run again ({@code SIGCONT}).
	 */
	public void thaw() {
		signal("-CONT");
	}

	/**
	 * Run {@code redis-cli} against the server, directly (not through any proxy).
	 * @param arguments the command and its arguments
	 * @return the trimmed output
	 */
	public String cli(String... arguments) {
		List<String> command = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(this.port)));
		command.addAll(List.of(arguments));
		try {
			Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			cli.waitFor(10, TimeUnit.SECONDS);
			return output.trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException("redis-cli failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		signal("-CONT");
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(new File(this.directory.toString()));
	}

	private void signal(String signal) {
		if (!this.process.isAlive()) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).start();
			if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill " + signal + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("kill " + signal + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitPong(Duration timeout) {
		Instant deadline = Instant.now().plus(timeout);
		String answer = "";
		while (Instant.now().isBefore(deadline)) {
			answer = cli("ping");
			if (answer.contains("PONG")) {
				return;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		close();
		throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING within " + timeout
				+ "; last answer: " + answer);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
