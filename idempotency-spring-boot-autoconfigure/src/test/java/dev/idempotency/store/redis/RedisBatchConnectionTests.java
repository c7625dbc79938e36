package dev.idempotency.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.idempotency.store.ClaimResult;
import dev.idempotency.store.OwnedClaim;
import dev.idempotency.store.RecordScope;
import dev.idempotency.test.RedisServerProcess;
import dev.idempotency.test.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The batches of the Redis store go out in one write, on a connection of the store's own, seen
 * from a {@code redis-server} of the test's own: its count of reads from clients
 * ({@code total_reads_processed}) and its list of clients.
 */
class RedisBatchConnectionTests {

	private static final RedisServerProcess server = RedisServerProcess.start();

	private static final Duration LEASE = Duration.ofMinutes(5);

	private final String group = "batch-" + UUID.randomUUID();

	private LettuceConnectionFactory connectionFactory;

	@BeforeEach
	void connect() {
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", server.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void batchOfManyCommandsReachesRedisInAFewReads() {
		try (RedisIdempotencyStore store = RedisIdempotencyStore.builder(this.connectionFactory).build()) {
			List<OwnedClaim> claims = claims(0, 200);
			List<OwnedClaim> warmUp = claims(200, 201);
			store.claimAll(warmUp, LEASE);
			store.completeAll(warmUp, LEASE);
			long before = reads();
			List<ClaimResult> answers = store.claimAll(claims, LEASE);
			long claimReads = reads() - before;
			before = reads();
			List<Boolean> completed = store.completeAll(claims, LEASE);
			long completionReads = reads() - before;
			assertThat(answers).extracting(ClaimResult::status).containsOnly(ClaimResult.Status.ACQUIRED);
			assertThat(completed).hasSize(200).containsOnly(true);
			// one script call of 200 keys and 200 arguments, about 30 KB: Redis reads up to 16 KB at
			// once, so two or three reads; one more is redis-cli's INFO
			assertThat(claimReads).as("reads of a batch of 200 claims").isLessThanOrEqualTo(5);
			assertThat(completionReads).as("reads of a batch of 200 completions").isLessThanOrEqualTo(5);
		}
	}

	@Test
	void claimsCompletionsExtensionsAndReleasesOfABatchAreOneScriptCallEach() {
		try (RedisIdempotencyStore store = RedisIdempotencyStore.builder(this.connectionFactory).build()) {
			loadScripts(store, claims(200, 201));
			List<OwnedClaim> claims = claims(0, 200);
			List<OwnedClaim> completed = claims.subList(0, 100);
			List<OwnedClaim> released = claims.subList(100, 200);
			long before = scriptCalls();
			assertThat(store.claimAll(claims, LEASE)).extracting(ClaimResult::status)
				.containsOnly(ClaimResult.Status.ACQUIRED);
			assertThat(scriptCalls() - before).as("script calls of 200 claims").isOne();
			before = scriptCalls();
			assertThat(store.extendAll(completed, LEASE)).hasSize(100).containsOnly(true);
			assertThat(scriptCalls() - before).as("script calls of 100 extensions").isOne();
			before = scriptCalls();
			assertThat(store.completeAll(completed, LEASE)).hasSize(100).containsOnly(true);
			assertThat(scriptCalls() - before).as("script calls of 100 completions").isOne();
			before = scriptCalls();
			store.releaseAll(released);
			assertThat(scriptCalls() - before).as("script calls of 100 releases").isOne();
			assertThat(store.claimAll(completed, LEASE)).extracting(ClaimResult::status)
				.containsOnly(ClaimResult.Status.DUPLICATE);
			assertThat(store.claimAll(released, LEASE)).extracting(ClaimResult::status)
				.containsOnly(ClaimResult.Status.ACQUIRED);
		}
	}

	@Test
	void aTokenSharedByTheClaimsOfABatchIsSentOncePerScriptCall() {
		try (RedisIdempotencyStore store = RedisIdempotencyStore.builder(this.connectionFactory).build()) {
			loadScripts(store, claims(900, 901));
			String token = Tokens.next();
			List<OwnedClaim> shared = IntStream.range(100, 200).mapToObj((i) -> new OwnedClaim(scope(i), token)).toList();
			List<OwnedClaim> distinct = claims(300, 400);
			long distinctClaims = sentBytes(() -> store.claimAll(distinct, LEASE));
			long sharedClaims = sentBytes(() -> assertThat(store.claimAll(shared, LEASE)).extracting(ClaimResult::status)
				.containsOnly(ClaimResult.Status.ACQUIRED));
			long distinctExtensions = sentBytes(() -> store.extendAll(distinct, LEASE));
			long sharedExtensions = sentBytes(() -> assertThat(store.extendAll(shared, LEASE)).containsOnly(true));
			long distinctCompletions = sentBytes(() -> store.completeAll(distinct.subList(0, 50), LEASE));
			long sharedCompletions = sentBytes(
					() -> assertThat(store.completeAll(shared.subList(0, 50), LEASE)).containsOnly(true));
			long distinctReleases = sentBytes(() -> store.releaseAll(distinct.subList(50, 100)));
			long sharedReleases = sentBytes(() -> store.releaseAll(shared.subList(50, 100)));
			// each argument left out holds a token of 32 characters at least (a claim's record holds one)
			assertThat(distinctClaims - sharedClaims).as("bytes saved on claims").isGreaterThanOrEqualTo(99 * 32);
			assertThat(distinctExtensions - sharedExtensions).as("bytes saved on extensions")
				.isGreaterThanOrEqualTo(99 * 32);
			assertThat(distinctCompletions - sharedCompletions).as("bytes saved on completions")
				.isGreaterThanOrEqualTo(49 * 32);
			assertThat(distinctReleases - sharedReleases).as("bytes saved on releases").isGreaterThanOrEqualTo(49 * 32);
			List<ClaimResult> again = store.claimAll(shared, LEASE);
			assertThat(again.subList(0, 50)).extracting(ClaimResult::status).containsOnly(ClaimResult.Status.DUPLICATE);
			assertThat(again.subList(50, 100)).extracting(ClaimResult::status).containsOnly(ClaimResult.Status.ACQUIRED);
		}
	}

	@Test
	void batchesUseAConnectionOfTheStoresOwnThatCloseClosesAndTheNextBatchOpensAgain() {
		RedisIdempotencyStore store = RedisIdempotencyStore.builder(this.connectionFactory).build();
		store.claim(scope(-1), Tokens.next(), LEASE);
		awaitApplicationClients(1);
		store.claimAll(claims(0, 10), LEASE);
		awaitApplicationClients(2);
		store.close();
		awaitApplicationClients(1);
		assertThat(store.claimAll(claims(10, 20), LEASE)).extracting(ClaimResult::status)
			.containsOnly(ClaimResult.Status.ACQUIRED);
		awaitApplicationClients(2);
		this.connectionFactory.stop();
		this.connectionFactory.start();
		assertThat(store.claimAll(claims(20, 30), LEASE)).extracting(ClaimResult::status)
			.containsOnly(ClaimResult.Status.ACQUIRED);
		store.close();
	}

	@Test
	void clientWithoutADefaultAddressSendsBatchesOverTheSharedConnection() {
		LettuceConnectionFactory masterReplica = new LettuceConnectionFactory(
				new RedisStaticMasterReplicaConfiguration("127.0.0.1", server.port()));
		masterReplica.afterPropertiesSet();
		masterReplica.start();
		try (RedisIdempotencyStore store = RedisIdempotencyStore.builder(masterReplica).build()) {
			List<OwnedClaim> claims = claims(0, 50);
			assertThat(store.claimAll(claims, LEASE)).extracting(ClaimResult::status)
				.containsOnly(ClaimResult.Status.ACQUIRED);
			assertThat(store.completeAll(claims, LEASE)).hasSize(50).containsOnly(true);
			assertThat(store.claimAll(claims, LEASE)).extracting(ClaimResult::status)
				.containsOnly(ClaimResult.Status.DUPLICATE);
		}
		finally {
			masterReplica.destroy();
		}
	}

	/**
	 * Run each batch script once, so that Redis knows them and the calls measured next are not
	 * followed by a second call with the script's text.
	 */
	private static void loadScripts(RedisIdempotencyStore store, List<OwnedClaim> warmUp) {
		store.claimAll(warmUp, LEASE);
		store.extendAll(warmUp, LEASE);
		store.completeAll(warmUp, LEASE);
		store.claimAll(warmUp, LEASE);
		store.releaseAll(warmUp);
	}

	private List<OwnedClaim> claims(int from, int to) {
		return IntStream.range(from, to).mapToObj((i) -> new OwnedClaim(scope(i), Tokens.next())).toList();
	}

	private RecordScope scope(int index) {
		return new RecordScope(this.group, "payments", "m-" + index);
	}

	private static long reads() {
		return stat("total_reads_processed");
	}

	/**
	 * Return the bytes Redis received while {@code batch} ran.
	 */
	private static long sentBytes(Runnable batch) {
		long before = stat("total_net_input_bytes");
		batch.run();
		return stat("total_net_input_bytes") - before;
	}

	private static long stat(String name) {
		return server.cli("INFO", "stats")
			.lines()
			.filter((line) -> line.startsWith(name + ":"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
			.findFirst()
			.orElseThrow();
	}

	private static long scriptCalls() {
		return server.cli("INFO", "commandstats")
			.lines()
			.filter((line) -> line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:"))
			.mapToLong((line) -> Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(','))))
			.sum();
	}

	private static void awaitApplicationClients(long count) {
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(applicationClients()).isEqualTo(count));
	}

	private static long applicationClients() {
		return server.cli("CLIENT", "LIST").lines().filter((line) -> !line.contains("cmd=client|list")).count();
	}

}
