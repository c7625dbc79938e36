package dev.idempotency.store.tck.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Writing a store" shows the example store and its test as they are compiled and
 * run here, so that the example users copy is one that passes the kit.
 */
class ReadmeExampleTests {

	private static final Path EXAMPLE = Path.of("src/test/java/dev/idempotency/store/tck/example");

	@ParameterizedTest
	@CsvSource({ "MapIdempotencyStore.java, public class MapIdempotencyStore",
			"MapIdempotencyStoreContractTests.java, class MapIdempotencyStoreContractTests" })
	void readmeShowsTheClassAsItIs(String file, String declaration) throws IOException {
		String source = Files.readString(EXAMPLE.resolve(file));
		String shown = source.substring(source.indexOf(declaration)).strip().replace("\t", "    ");
		assertThat(Files.readString(Path.of("../README.md"))).contains("```java\n" + shown + "\n```");
	}

}
