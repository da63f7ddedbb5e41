package dev.invalidator.schemas.change;

import dev.invalidator.schemas.golden.GoldenRecord;
import dev.invalidator.schemas.golden.GoldenSamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fuzz seeds: every committed golden sample, records recorded from real Debezium runs, read through the same
 * loader as the golden tests.
 */
final class FuzzSeeds {

    private FuzzSeeds() {
    }

    /** All samples, in file then line order; fails when there are none, since every caller needs at least one. */
    static List<FuzzSeed> load() {
        Path root = GoldenSamples.root();
        List<FuzzSeed> seeds = new ArrayList<>();
        for (Map.Entry<String, List<String>> database : GoldenSamples.scenarios(root).entrySet()) {
            for (String scenario : database.getValue()) {
                List<GoldenRecord> records = GoldenSamples.load(database.getKey(), scenario);
                for (int i = 0; i < records.size(); i++) {
                    GoldenRecord record = records.get(i);
                    String source = "golden/" + database.getKey() + "/" + scenario + ".jsonl#" + (i + 1);
                    seeds.add(new FuzzSeed(source, record.topic(), record.partition(), record.offset(),
                            record.keyBytes(), record.valueBytes()));
                }
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalStateException("no golden samples on the test class path");
        }
        return List.copyOf(seeds);
    }
}
