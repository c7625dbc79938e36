package dev.idempotency.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU samples of a JFR recording of one benchmark, reduced to where the time goes: the
 * samples of the benchmark thread inside the measured loop, and those of the Redis client's I/O
 * threads. A thread waiting for an answer is not running and takes no samples, so these are CPU
 * costs, not round-trip time.
 *
 * @param benchmark the profiled benchmark
 * @param loopSamples samples of the benchmark thread in the measured loop
 * @param ioSamples samples of the Lettuce I/O threads
 * @param selfTop the methods most often on top of a loop sample, with their counts
 * @param libraryInclusive methods of the starter found anywhere in loop samples, with their counts
 * @param watched the methods of {@link #WATCHED} found anywhere in loop samples, with their counts
 */
public record ProfileSummary(String benchmark, int loopSamples, int ioSamples, Map<String, Integer> selfTop,
		Map<String, Integer> libraryInclusive, Map<String, Integer> watched) {

	/**
	 * Methods on the hot path whose inclusive share is always reported: script and connection
	 * handling of Spring Data Redis, and the starter's per-message work, the memory store's
	 * eviction included.
	 */
	public static final List<String> WATCHED = List.of("RedisTemplate.execute", "DefaultRedisScript.getSha1",
			"RedisConnectionUtils.getConnection", "LeaseHeartbeat.start", "ClaimTokens.take",
			"ExpressionKeyResolver.resolve", "MDC.putCloseable", "InMemoryIdempotencyStore.claim",
			"EvictionOrder.follow");

	private static final String LIBRARY = "dev.idempotency.";

	private static final String BENCHMARKS = "dev.idempotency.benchmarks.";

	/**
	 * Read a recording.
	 * @param benchmark the profiled benchmark
	 * @param recording the file
	 * @param top how many methods to keep per list
	 * @return the summary
	 * @throws IOException if the file cannot be read
	 */
	public static ProfileSummary read(String benchmark, Path recording, int top) throws IOException {
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> library = new HashMap<>();
		Map<String, Integer> watched = new LinkedHashMap<>();
		WATCHED.forEach((method) -> watched.put(method, 0));
		int loop = 0;
		int io = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
				continue;
			}
			RecordedThread sampled = event.getThread("sampledThread");
			String thread = (sampled != null) ? sampled.getJavaName() : null;
			if (thread != null && thread.contains("EventLoop")) {
				io++;
			}
			else if (inMeasuredLoop(event.getStackTrace())) {
				loop++;
				List<RecordedFrame> frames = event.getStackTrace().getFrames();
				self.merge(name(frames.get(0)), 1, Integer::sum);
				Set<String> seen = new HashSet<>();
				for (RecordedFrame frame : frames) {
					String name = name(frame);
					if (name.startsWith(LIBRARY) && !name.startsWith(BENCHMARKS) && !name.contains("ambda")
							&& seen.add(name)) {
						library.merge(name, 1, Integer::sum);
					}
				}
				for (String method : WATCHED) {
					if (frames.stream().anyMatch((frame) -> name(frame).endsWith("." + method))) {
						watched.merge(method, 1, Integer::sum);
					}
				}
			}
		}
		return new ProfileSummary(benchmark, loop, io, largest(self, top), largest(library, top), watched);
	}

	private static boolean inMeasuredLoop(RecordedStackTrace stack) {
		return stack.getFrames().stream().anyMatch((frame) -> frame.getMethod().getName().endsWith("_jmhStub"));
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static Map<String, Integer> largest(Map<String, Integer> counts, int top) {
		Map<String, Integer> largest = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(top)
			.forEach((entry) -> largest.put(entry.getKey(), entry.getValue()));
		return largest;
	}

}
