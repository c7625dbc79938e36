package dev.idempotency.benchmarks.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Opens the clients of the benchmarks on the servers of {@link BenchmarkServers}, configured
 * alike for the gate, the floors and the peers.
 */
public final class Connections {

	private Connections() {
	}

	/**
	 * Create a plain Lettuce client, for the raw floors.
	 * @return the client; shut it down after use
	 */
	public static RedisClient redisClient() {
		return RedisClient.create(redisUri());
	}

	/**
	 * Create and start a Spring Data Redis connection factory on Lettuce, with its defaults (one
	 * shared native connection), as Spring Boot creates it.
	 * @return the started factory; destroy it after use
	 */
	public static LettuceConnectionFactory redisConnectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				(RedisStandaloneConfiguration) LettuceConnectionFactory.createRedisConfiguration(redisUri()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Create a HikariCP pool on the PostgreSQL database, as Spring Boot creates it.
	 * @param maximumPoolSize the most connections
	 * @return the pool; close it after use
	 */
	public static HikariDataSource dataSource(int maximumPoolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(BenchmarkServers.jdbcUrl());
		config.setUsername(BenchmarkServers.jdbcUser());
		config.setPassword(BenchmarkServers.jdbcPassword());
		config.setMaximumPoolSize(maximumPoolSize);
		config.setPoolName("benchmark");
		return new HikariDataSource(config);
	}

	private static RedisURI redisUri() {
		return RedisURI.create(BenchmarkServers.redisUrl());
	}

}
