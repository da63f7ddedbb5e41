package dev.invalidator.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

    private static final String HEADING = "## Configuration reference";

    @Test
    void markdown_matchesReadmeSection() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(HEADING);
        assertThat(start).as("README section '%s'", HEADING).isNotNegative();
        int end = readme.indexOf("\n## ", start + HEADING.length());
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);

        assertThat(section)
                .as("README table out of date; regenerate it with: java -cp invalidator-service/target/invalidator.jar "
                        + "dev.invalidator.service.config.ConfigReference")
                .contains(ConfigReference.markdown());
    }

    @Test
    void markdown_listsEveryKeyOnce() {
        String table = ConfigReference.markdown();

        for (Field<?> field : ServiceFields.ALL) {
            assertThat(table).containsOnlyOnce("| `" + field.name() + "` |");
        }
        assertThat(table).contains(
                "| `redis.password` | string, secret | (unset) | `INVALIDATOR_REDIS_PASSWORD` |");
    }
}
