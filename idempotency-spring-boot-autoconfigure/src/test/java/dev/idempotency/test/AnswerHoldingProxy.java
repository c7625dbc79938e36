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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback between the application and Redis that loses the answer of one chosen
 * request deterministically: once {@link #holdAnswersFrom(String) armed} with a text, the first
 * request that contains it is forwarded (so that the server applies it) and, from then on, every
 * answer of the server is held back until {@link #release()}. The client times out waiting, as it
 * would if the server froze right after applying the request; the held answers are delivered late
 * and in order, so that the connection's protocol stays in step.
 */
public final class AnswerHoldingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object monitor = new Object();

	private volatile byte[] trigger;

	private volatile boolean holding;

	private final CountDownLatch triggered = new CountDownLatch(1);

	private AnswerHoldingProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "answer-holding-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Start a proxy to {@code 127.0.0.1:port} on a free loopback port.
	 * @param port the target port
	 * @return the running proxy
	 */
	public static AnswerHoldingProxy to(int port) {
		try {
			return new AnswerHoldingProxy(new InetSocketAddress("127.0.0.1", port));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start a proxy", ex);
		}
	}

	/**
	 * Return the loopback port the proxy listens on.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Hold back every answer from the first request that contains {@code text} on.
	 * @param text the text to look for in requests, such as a key
	 */
	public void holdAnswersFrom(String text) {
		this.trigger = text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Wait until a request with the armed text has been forwarded.
	 * @param timeout how long to wait
	 * @return whether it was
	 */
	public boolean awaitTriggered(Duration timeout) throws InterruptedException {
		return this.triggered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Deliver the held answers and forward answers again.
	 */
	public void release() {
		synchronized (this.monitor) {
			this.holding = false;
			this.monitor.notifyAll();
		}
	}

	@Override
	public void close() {
		release();
		this.sockets.forEach(AnswerHoldingProxy::closeQuietly);
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
			Socket upstream = new Socket();
			try {
				upstream.connect(this.target, 2000);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(upstream);
				continue;
			}
			this.sockets.add(client);
			this.sockets.add(upstream);
			pump(client, upstream, false);
			pump(upstream, client, true);
		}
	}

	private void pump(Socket from, Socket to, boolean answers) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (answers) {
						awaitRelease();
					}
					else {
						checkTrigger(buffer, read);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// connection closed
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
		}, "answer-holding-proxy-pump");
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

	private void awaitRelease() throws InterruptedException {
		synchronized (this.monitor) {
			while (this.holding) {
				this.monitor.wait();
			}
		}
	}

	private static boolean contains(byte[] buffer, int length, byte[] text) {
		outer: for (int i = 0; i + text.length <= length; i++) {
			for (int j = 0; j < text.length; j++) {
				if (buffer[i + j] != text[j]) {
					continue outer;
				}
			}
			return true;
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
