package dev.idempotency;

import java.util.Arrays;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The package edges of the design (DESIGN §2), checked with ArchUnit on the compiled main classes:
 * the gate knows no broker, store client, transaction manager or JSON library; only each store's
 * and each broker's own sub-package touches its client; the endpoint reads the listeners through
 * the core, not the listener package. Plain JUnit tests rather than {@code @ArchTest} fields, so
 * that {@code -Dtest=PackageEdgesTests} runs them.
 */
class PackageEdgesTests {

	private static final String[] JACKSON = { "tools.jackson..", "com.fasterxml.jackson.." };

	private static final String[] SPRING_TX = { "org.springframework.transaction.." };

	private static final String[] REDIS = { "org.springframework.data.redis..", "io.lettuce.." };

	private static final String[] JDBC = { "org.springframework.jdbc..", "java.sql..", "javax.sql.." };

	private static final String[] KAFKA = { "org.springframework.kafka..", "org.apache.kafka.." };

	private static final String[] AMQP = { "org.springframework.amqp..", "com.rabbitmq.." };

	private static final String[] SPRING_BOOT = { "org.springframework.boot.." };

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importUrl(Idempotent.class.getProtectionDomain().getCodeSource().getLocation());
	}

	@Test
	void actuateReadsTheListenersThroughCore() {
		noClasses().that()
			.resideInAPackage("dev.idempotency.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.idempotency.listener..")
			.check(classes);
	}

	@Test
	void coreKnowsNoJsonTransactionStoreClientOrBroker() {
		noClasses().that()
			.resideInAPackage("dev.idempotency.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(all(JACKSON, SPRING_TX, REDIS, JDBC, KAFKA, AMQP))
			.check(classes);
	}

	@Test
	void storeSpiKnowsNoStoreClient() {
		noClasses().that()
			.resideInAPackage("dev.idempotency.store")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(all(REDIS, JDBC))
			.check(classes);
	}

	@Test
	void listenerKnowsNoBrokerAndNoSpringBoot() {
		noClasses().that()
			.resideInAPackage("dev.idempotency.listener")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(all(KAFKA, AMQP, SPRING_BOOT))
			.check(classes);
	}

	@Test
	void kafkaListenerKnowsNoAmqp() {
		noClasses().that()
			.resideInAPackage("dev.idempotency.listener.kafka..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(AMQP)
			.check(classes);
	}

	@Test
	void rabbitListenerKnowsNoKafka() {
		noClasses().that()
			.resideInAPackage("dev.idempotency.listener.rabbit..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(KAFKA)
			.check(classes);
	}

	private static String[] all(String[]... groups) {
		return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
	}

}
