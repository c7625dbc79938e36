package dev.idempotency.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on loopback between the application and a store, for fault-injection tests:
 * {@link #cut()} drops every connection and refuses new ones, {@link #delay(Duration)} holds back
 * every answer of the store, and {@link #holdAnswersFrom(String)} loses the answer of one chosen
 * request deterministically, until {@link #restore()}. Held answers are delivered late and in
 * order, so that the connection's protocol stays in step.
 */
public final class FaultProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile long delayMillis;

	private final Object monitor = new Object();

	private volatile byte @Nullable [] trigger;

	private boolean holding;

	private final CountDownLatch triggered = new CountDownLatch(1);

	private FaultProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "fault-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a proxy to {@code host:port} on a free loopback port.
	 * @param host the target host
	 * @param port the target port
	 * @return the running proxy
	 * @throws IOException if no port can be bound
	 */
	public static FaultProxy to(String host, int port) throws IOException {
		return new FaultProxy(new InetSocketAddress(host, port));
	}

	/**
	 * Return the loopback port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Close every open connection and refuse new ones.
	 */
	public void cut() {
		this.cut = true;
		this.sockets.forEach(FaultProxy::closeQuietly);
		this.sockets.clear();
	}

	/**
	 * Hold back every answer of the store by {@code delay}, on open connections and new ones.
	 * @param delay the added latency
	 */
	public void delay(Duration delay) {
		this.delayMillis = delay.toMillis();
	}

	/**
	 * Forward the first request that contains {@code text} (so that the store applies it), then
	 * hold back every answer of the store, as if it froze right after applying that request.
	 * @param text the text to look for in requests, such as a key
	 */
	public void holdAnswersFrom(String text) {
		this.trigger = text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Wait until the request that {@link #holdAnswersFrom(String)} looks for was forwarded.
	 * @param timeout how long to wait
	 * @return whether it was
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitHeld(Duration timeout) throws InterruptedException {
		return this.triggered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Accept and forward connections again, without delay, delivering any held answers.
	 */
	public void restore() {
		this.cut = false;
		this.delayMillis = 0;
		synchronized (this.monitor) {
			this.holding = false;
			this.monitor.notifyAll();
		}
	}

	@Override
	public void close() {
		restore();
		cut();
		closeQuietly(this.server);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.cut) {
				closeQuietly(client);
			}
			else {
				forward(client);
			}
		}
	}

	private void forward(Socket client) {
		Socket upstream = new Socket();
		try {
			upstream.connect(this.target, 2000);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(upstream);
			return;
		}
		this.sockets.add(client);
		this.sockets.add(upstream);
		pump(client, upstream, false);
		pump(upstream, client, true);
	}

	private void pump(Socket from, Socket to, boolean answers) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (answers) {
						awaitAnswersReleased();
					}
					else {
						checkTrigger(buffer, read);
					}
					long delay = this.delayMillis;
					if (answers && delay > 0) {
						Thread.sleep(delay);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection cut
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "fault-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void checkTrigger(byte[] buffer, int length) {
		byte[] text = this.trigger;
		if (text != null && contains(buffer, length, text)) {
			synchronized (this.monitor) {
				this.trigger = null;
				this.holding = true;
			}
			this.triggered.countDown();
		}
	}

	private void awaitAnswersReleased() throws InterruptedException {
		synchronized (this.monitor) {
			while (this.holding) {
				this.monitor.wait();
			}
		}
	}

	private static boolean contains(byte[] buffer, int length, byte[] text) {
		for (int i = 0; i + text.length <= length; i++) {
			if (Arrays.equals(buffer, i, i + text.length, text, 0, text.length)) {
				return true;
			}
		}
		return false;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// already closed
		}
	}

}
