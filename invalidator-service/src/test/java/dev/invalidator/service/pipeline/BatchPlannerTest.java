package dev.invalidator.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.rules.engine.BeforeImages;
import dev.invalidator.rules.engine.LiveRules;
import dev.invalidator.rules.engine.RuleSetLoader;
import dev.invalidator.rules.engine.TargetType;
import dev.invalidator.rules.template.SkipReason;
import dev.invalidator.schemas.broadcast.BroadcastCause;
import dev.invalidator.schemas.change.ChangeEventReader;
import dev.invalidator.schemas.change.Operation;
import dev.invalidator.schemas.change.TableId;
import dev.invalidator.schemas.redis.RedisKeyLayout;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import dev.invalidator.service.redis.RedisWork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchPlannerTest {

    private static final String RULES = """
            version: 1
            rules:
              - name: customer
                table: pg.inv.customers
                invalidate:
                  keys: ["customer:{id}"]
                  tags: ["customers"]
              - name: customer-graph
                table: pg.inv.customers
                on: [delete]
                invalidate:
                  keys: ["customer:{id}", "customer-graph:{id}"]
                  cascade: true
            """;

    @TempDir
    Path rulesDirectory;

    @Test
    void plan_goldenCreateUpdateDeleteTombstone_removesEachTargetOnceWithCascadeWhenARuleProducingItCascades() throws Exception {
        BatchPlanner planner = planner();
        List<ConsumerRecord<byte[], byte[]>> records = records("t", 0, 10,
                GoldenRecords.read("pg-default-identity-schemas-off.jsonl"));

        Batch batch = planner.plan(records);

        assertThat(batch.events()).isEqualTo(3);
        assertThat(batch.deadLetters()).isEmpty();
        // The delete's cascading rule produced both keys, so they are removed with cascade; the same key planned by
        // the create and the update without cascade is not removed a second time. The tag only a non-cascading rule
        // produced is removed without following dependents.
        assertThat(batch.work()).containsExactly(
                new RedisWork(Set.of(), Set.of(), Set.of("customers"), false),
                new RedisWork(Set.of("customer:1", "customer-graph:1"), Set.of(), Set.of(), true));
        assertThat(batch.announcements()).extracting(Announcement::cause).containsExactly(
                new BroadcastCause.Change("pg.inv.customers", Operation.CREATE, "lsn 0/172CCE8 txId 751"),
                new BroadcastCause.Change("pg.inv.customers", Operation.UPDATE, "lsn 0/172CE18 txId 752"),
                new BroadcastCause.Change("pg.inv.customers", Operation.DELETE, "lsn 0/172CEB8 txId 753"));
        assertThat(batch.announcements().get(0).keys()).containsExactly("customer:1");
        assertThat(batch.announcements().get(2).keys()).containsExactly("customer:1", "customer-graph:1");
        TopicPartition partition = new TopicPartition("t", 0);
        assertThat(batch.firstOffsets()).containsExactlyEntriesOf(java.util.Map.of(partition, 10L));
        assertThat(batch.nextOffsets()).containsExactlyEntriesOf(java.util.Map.of(partition, new OffsetAndMetadata(14)));
    }

    @Test
    void plan_unreadableRecord_becomesADeadLetterNamingItsCoordinates() throws Exception {
        BatchPlanner planner = planner();
        byte[] poison = "not json".getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(new ConsumerRecord<>("t", 2, 41, null, poison));
        records.addAll(records("t", 2, 42, GoldenRecords.read("pg-default-identity-schemas-off.jsonl").subList(0, 1)));

        Batch batch = planner.plan(records);

        assertThat(batch.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("t");
            assertThat(letter.partition()).isEqualTo(2);
            assertThat(letter.offset()).isEqualTo(41);
            assertThat(letter.value()).isEqualTo(poison);
            assertThat(letter.reason()).startsWith("unreadable: topic t partition 2 offset 41: ")
                    .contains("not valid JSON");
        });
        assertThat(batch.work()).containsExactly(new RedisWork(Set.of("customer:1"), Set.of(), Set.of("customers"), false));
        assertThat(batch.nextOffsets()).containsEntry(new TopicPartition("t", 2), new OffsetAndMetadata(43));
    }

    @Test
    void plan_ruleRenderingAKeyInTheNamespace_deadLettersTheEventAndKeepsItsOtherTargets() throws Exception {
        BatchPlanner planner = planner(RULES.replace("keys: [\"customer:{id}\"]", "keys: [\"customer:{id}\", \"inv:lease:{id}\"]"));
        List<ConsumerRecord<byte[], byte[]>> records = records("t", 0, 10,
                GoldenRecords.read("pg-default-identity-schemas-off.jsonl").subList(0, 1));

        Batch batch = planner.plan(records);

        assertThat(batch.deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.reason()).contains("inside the invalidator's namespace").contains("inv:lease:1"));
        assertThat(batch.work()).singleElement().satisfies(work -> assertThat(work.keys()).containsExactly("customer:1"));
    }

    @Test
    void plan_refreshTargets_goToTheWorkOncePerKeyAreAnnouncedAsKeysAndCounted() throws Exception {
        BatchPlanner planner = planner("""
                version: 1
                rules:
                  - name: customer-card
                    table: pg.inv.customers
                    invalidate:
                      refresh: [{ key: "card:{id}", columns: [id, email], ttl: 10m }]
                """);
        List<ConsumerRecord<byte[], byte[]>> records = records("t", 0, 10,
                GoldenRecords.read("pg-default-identity-schemas-off.jsonl"));

        Batch batch = planner.plan(records);

        // Create, update and delete of customer 1: only the delete, the latest in the log, is written.
        assertThat(batch.work()).singleElement().satisfies(work -> assertThat(work.refreshes()).singleElement()
                .satisfies(refresh -> {
                    assertThat(refresh.key()).isEqualTo("card:1");
                    assertThat(refresh.removes()).isTrue();
                    assertThat(refresh.ttlMillis()).isEqualTo(600_000);
                }));
        assertThat(batch.announcements()).allSatisfy(a -> assertThat(a.keys()).containsExactly("card:1"));
        assertThat(batch.facts().targets()).containsEntry(TargetType.REFRESH, 3);
    }

    @Test
    void plan_refreshKeyInTheNamespace_deadLettersTheEvent() throws Exception {
        BatchPlanner planner = planner("""
                version: 1
                rules:
                  - name: customer-card
                    table: pg.inv.customers
                    invalidate:
                      refresh: [{ key: "inv:card:{id}", columns: [id], ttl: 10m }]
                """);
        List<ConsumerRecord<byte[], byte[]>> records = records("t", 0, 10,
                GoldenRecords.read("pg-default-identity-schemas-off.jsonl").subList(0, 1));

        Batch batch = planner.plan(records);

        assertThat(batch.deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.reason()).contains("inv:card:1"));
        assertThat(batch.work()).isEmpty();
    }

    @Test
    void plan_requestsTopic_mergesRequestsOnceEachAndDeadLettersInvalidAndNamespaceOnes() throws Exception {
        BatchPlanner planner = planner(RULES, Optional.of("requests"));
        InvalidationRequestCodec codec = new InvalidationRequestCodec();
        List<ConsumerRecord<byte[], byte[]>> records = List.of(
                new ConsumerRecord<>("requests", 0, 0, null, codec.encode(new InvalidationRequest("r1", "billing",
                        List.of("invoice:1"), List.of("invoice-list:*"), List.of("invoices"), true, false, null))),
                new ConsumerRecord<>("requests", 0, 1, null, codec.encode(new InvalidationRequest("r1", "billing",
                        List.of("invoice:1"), List.of(), List.of(), false, false, "sent twice"))),
                new ConsumerRecord<>("requests", 0, 2, null, codec.encode(InvalidationRequest.forKeys("r2",
                        "billing", List.of("inv:lease:invoice:1")))),
                new ConsumerRecord<>("requests", 0, 3, null, codec.encode(new InvalidationRequest("r3", "billing",
                        List.of("invoice:3"), List.of(), List.of(), false, true, null))),
                new ConsumerRecord<>("requests", 0, 4, null, "{}".getBytes(StandardCharsets.UTF_8)));

        Batch batch = planner.plan(records);

        assertThat(batch.work()).containsExactly(
                new RedisWork(Set.of("invoice:1"), Set.of("invoice-list:*"), Set.of("invoices"), true));
        assertThat(batch.announcements()).extracting(Announcement::cause)
                .containsExactly(new BroadcastCause.Request("r1", "billing"));
        assertThat(batch.dryRuns()).extracting(InvalidationRequest::id).containsExactly("r3");
        assertThat(batch.deadLetters()).extracting(DeadLetter::offset).containsExactly(2L, 4L);
        assertThat(batch.deadLetters().get(0).reason()).contains("inside the invalidator's namespace");
        assertThat(batch.deadLetters().get(1).reason()).startsWith("invalid request at topic requests partition 0 offset 4: ");
        assertThat(batch.events()).isZero();
        assertThat(batch.nextOffsets()).containsEntry(new TopicPartition("requests", 0), new OffsetAndMetadata(5));
    }

    @Test
    void plan_versionTargetsOfRulesAndRequests_areMergedCountedAndAnnouncedAsKeys() throws Exception {
        BatchPlanner planner = planner(RULES.replace("tags: [\"customers\"]",
                "tags: [\"customers\"]\n      versions: [\"customer-profile:{id}\", \"inv:x:{id}\"]"),
                Optional.of("requests"));
        InvalidationRequestCodec codec = new InvalidationRequestCodec();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(records("t", 0, 0,
                GoldenRecords.read("pg-default-identity-schemas-off.jsonl").subList(0, 1)));
        records.add(new ConsumerRecord<>("requests", 0, 0, null, codec.encode(new InvalidationRequest("r1",
                "accounts", List.of(), List.of(), List.of(), List.of("customer-profile:1", "user:9"), false, false,
                null))));
        records.add(new ConsumerRecord<>("requests", 0, 1, null, codec.encode(new InvalidationRequest("r2",
                "accounts", List.of(), List.of(), List.of(), List.of("inv:ver:x"), false, false, null))));

        Batch batch = planner.plan(records);

        assertThat(batch.work()).containsExactly(new RedisWork(Set.of("customer:1"), Set.of(), Set.of("customers"),
                Set.of("customer-profile:1", "user:9"), false));
        // Near-caches hold versioned keys under their own names: a bump is announced as the key.
        assertThat(batch.announcements().get(0).keys()).containsExactly("customer:1", "customer-profile:1", "inv:x:1");
        assertThat(batch.announcements().get(1).keys()).containsExactly("customer-profile:1", "user:9");
        assertThat(batch.deadLetters()).extracting(DeadLetter::reason).satisfiesExactly(
                reason -> assertThat(reason).contains("inside the invalidator's namespace").contains("inv:x:1"),
                reason -> assertThat(reason).contains("inside the invalidator's namespace").contains("inv:ver:x"));
        assertThat(batch.facts().targets()).containsEntry(TargetType.VERSION, 3);
    }

    @Test
    void plan_softRule_announcesSoftApartAndHardWinsWithinTheBatch() throws Exception {
        BatchPlanner planner = planner(RULES.replace("""
                  - name: customer
                    table: pg.inv.customers
                """, """
                  - name: customer
                    table: pg.inv.customers
                    soft: true
                """));
        List<ConsumerRecord<byte[], byte[]>> records = records("t", 0, 10,
                GoldenRecords.read("pg-default-identity-schemas-off.jsonl"));

        Batch batch = planner.plan(records);

        // Redis removes soft targets like any other.
        assertThat(batch.work()).containsExactly(
                new RedisWork(Set.of(), Set.of(), Set.of("customers"), false),
                new RedisWork(Set.of("customer:1", "customer-graph:1"), Set.of(), Set.of(), true));
        // The delete's hard rule also names customer:1: every soft announcement of the batch leaves it out.
        assertThat(batch.announcements()).extracting(Announcement::soft).containsExactly(true, true, false, true);
        assertThat(batch.announcements()).filteredOn(Announcement::soft).allSatisfy(announcement -> {
            assertThat(announcement.keys()).isEmpty();
            assertThat(announcement.tags()).containsExactly("customers");
        });
        assertThat(batch.announcements().get(2).keys()).containsExactly("customer:1", "customer-graph:1");
        assertThat(batch.announcements().get(2).tags()).isEmpty();
    }

    @Test
    void plan_softAndHardRequestsForOneKey_hardWins() throws Exception {
        BatchPlanner planner = planner(RULES, Optional.of("requests"));
        InvalidationRequestCodec codec = new InvalidationRequestCodec();
        List<ConsumerRecord<byte[], byte[]>> records = List.of(
                new ConsumerRecord<>("requests", 0, 0, null, codec.encode(new InvalidationRequest("r1", "pricing",
                        List.of("price:1", "price:2"), List.of("page:*"), List.of(), List.of(), false, false, null,
                        true))),
                new ConsumerRecord<>("requests", 0, 1, null, codec.encode(InvalidationRequest.forKeys("r2",
                        "pricing", List.of("price:2")))));

        Batch batch = planner.plan(records);

        assertThat(batch.work()).containsExactly(
                new RedisWork(Set.of("price:1", "price:2"), Set.of("page:*"), Set.of(), false));
        assertThat(batch.announcements()).satisfiesExactly(
                soft -> {
                    assertThat(soft.soft()).isTrue();
                    assertThat(soft.keys()).containsExactly("price:1");
                    assertThat(soft.patterns()).containsExactly("page:*");
                },
                hard -> {
                    assertThat(hard.soft()).isFalse();
                    assertThat(hard.keys()).containsExactly("price:2");
                });
    }

    @Test
    void plan_withoutRequestsTopic_readsEveryRecordAsAChangeEvent() throws Exception {
        BatchPlanner planner = planner();
        byte[] request = new InvalidationRequestCodec().encode(InvalidationRequest.forKeys("r1", "billing",
                List.of("invoice:1")));

        Batch batch = planner.plan(List.of(new ConsumerRecord<>("requests", 0, 0, null, request)));

        assertThat(batch.work()).isEmpty();
        assertThat(batch.deadLetters()).singleElement().satisfies(letter ->
                assertThat(letter.reason()).startsWith("unreadable: "));
    }

    @Test
    void plan_goldenEvents_countsFactsByTableOperationRuleTargetAndTimestamps() throws Exception {
        BatchPlanner planner = planner(RULES + """
                  - name: customer-email
                    table: pg.inv.customers
                    on: [create, update]
                    invalidate:
                      keys: ["customer:email:{before.email}"]
                """);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (GoldenRecords.Golden golden : GoldenRecords.read("pg-default-identity-schemas-off.jsonl")) {
            long offset = records.size();
            records.add(new ConsumerRecord<>("t", 0, offset, 1_000 + offset, TimestampType.CREATE_TIME, -1, -1,
                    golden.key(), golden.value(), new RecordHeaders(), Optional.empty()));
        }

        BatchFacts facts = planner.plan(records).facts();

        assertThat(facts.records()).isEqualTo(4);
        assertThat(facts.events()).containsExactlyEntriesOf(Map.of(new TableId("pg", "postgres", "inv", "customers"),
                Map.of(Operation.CREATE, 1, Operation.UPDATE, 1, Operation.DELETE, 1)));
        assertThat(facts.ruleMatches()).containsExactlyInAnyOrderEntriesOf(
                Map.of("customer", 3, "customer-graph", 1, "customer-email", 2));
        // Create and update: customer:1 and the tag each. Delete: customer:1 and customer-graph:1 from the cascading
        // rule, and the tag from the rule that does not cascade.
        assertThat(facts.targets()).containsExactlyInAnyOrderEntriesOf(Map.of(TargetType.KEY, 2, TargetType.TAG, 3));
        assertThat(facts.cascadingTargets()).containsExactlyInAnyOrderEntriesOf(Map.of(TargetType.KEY, 2));
        // PostgreSQL's default replica identity sends no before-image on create and update.
        assertThat(facts.skipped()).containsExactlyEntriesOf(Map.of(SkipReason.IMAGE_MISSING, 2));
        assertThat(facts.deadLetters()).isEmpty();
        assertThat(facts.commitTimes().toArray())
                .containsExactly(1795587614519047L, 1795587614520595L, 1795587614521069L);
        assertThat(facts.appendTimes().toArray()).as("the tombstone's too are left out: it is no change event")
                .containsExactly(1_000_000L, 1_001_000L, 1_002_000L);
    }

    @Test
    void plan_requestsAndPoison_countsRequestsAndDeadLettersByKind() throws Exception {
        BatchPlanner planner = planner(RULES.replace("keys: [\"customer:{id}\"]",
                "keys: [\"customer:{id}\", \"inv:lease:{id}\"]"), Optional.of("requests"));
        InvalidationRequestCodec codec = new InvalidationRequestCodec();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(List.of(
                new ConsumerRecord<>("requests", 0, 0, null, codec.encode(new InvalidationRequest("r1", "billing",
                        List.of("invoice:1", "invoice:2"), List.of("invoice-list:*"), List.of(), true, false, null))),
                new ConsumerRecord<>("requests", 0, 1, null, codec.encode(new InvalidationRequest("r2", "billing",
                        List.of("invoice:3"), List.of(), List.of(), false, true, null))),
                new ConsumerRecord<>("requests", 0, 2, null, codec.encode(InvalidationRequest.forKeys("r3",
                        "billing", List.of("inv:lease:invoice:1")))),
                new ConsumerRecord<>("requests", 0, 3, null, "{}".getBytes(StandardCharsets.UTF_8)),
                new ConsumerRecord<>("t", 0, 0, null, "not json".getBytes(StandardCharsets.UTF_8))));
        records.addAll(records("t", 0, 1, GoldenRecords.read("pg-default-identity-schemas-off.jsonl").subList(0, 1)));

        BatchFacts facts = planner.plan(records).facts();

        assertThat(facts.requests()).isEqualTo(1);
        assertThat(facts.dryRunRequests()).isEqualTo(1);
        assertThat(facts.deadLetters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                DeadLetterKind.NAMESPACE_KEY, 2, DeadLetterKind.INVALID_REQUEST, 1, DeadLetterKind.UNREADABLE, 1));
        // The request's two keys and pattern, cascading; the create's key (the namespace key is not applied) and tag.
        assertThat(facts.cascadingTargets()).containsExactlyInAnyOrderEntriesOf(
                Map.of(TargetType.KEY, 2, TargetType.PATTERN, 1));
        assertThat(facts.targets()).containsExactlyInAnyOrderEntriesOf(Map.of(TargetType.KEY, 1, TargetType.TAG, 1));
        assertThat(facts.appendTimes().size()).as("records built without a timestamp").isZero();
    }

    @Test
    void plan_largeBatchOnSeveralThreads_isTheBatchOfOneThread() throws Exception {
        List<GoldenRecords.Golden> golden = GoldenRecords.read("pg-default-identity-schemas-off.jsonl");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        while (records.size() < 3 * PlanningThreads.PARALLEL_FROM) {
            records.addAll(records("t", 1, records.size(), golden));
            records.add(new ConsumerRecord<>("t", 1, records.size(), null,
                    ("poison " + records.size()).getBytes(StandardCharsets.UTF_8)));
        }
        Batch alone;
        Batch shared;
        try (BatchPlanner one = planner(); BatchPlanner three = planner(RULES, Optional.empty(), 3)) {
            alone = one.plan(records);
            shared = three.plan(records);
        }

        assertThat(shared.events()).isEqualTo(alone.events()).isGreaterThan(PlanningThreads.PARALLEL_FROM);
        assertThat(shared.work()).isEqualTo(alone.work());
        assertThat(shared.announcements()).isEqualTo(alone.announcements());
        assertThat(shared.deadLetters()).extracting(DeadLetter::offset, DeadLetter::reason)
                .containsExactlyElementsOf(alone.deadLetters().stream()
                        .map(letter -> org.assertj.core.groups.Tuple.tuple(letter.offset(), letter.reason()))
                        .toList())
                .isNotEmpty();
        assertThat(shared.nextOffsets()).isEqualTo(alone.nextOffsets());
    }

    private BatchPlanner planner() throws Exception {
        return planner(RULES);
    }

    private BatchPlanner planner(String rules) throws Exception {
        return planner(rules, Optional.empty());
    }

    private BatchPlanner planner(String rules, Optional<String> requestsTopic) throws Exception {
        return planner(rules, requestsTopic, 1);
    }

    private BatchPlanner planner(String rules, Optional<String> requestsTopic, int threads) throws Exception {
        Files.writeString(rulesDirectory.resolve("customers.yaml"), rules);
        RuleSetLoader.Loaded loaded = new RuleSetLoader().load(rulesDirectory);
        assertThat(loaded.problems()).filteredOn(p -> p.isError()).isEmpty();
        return new BatchPlanner(ChangeEventReader.builder().build(),
                new LiveRules(loaded.engine().orElseThrow(), BeforeImages.learning()), new RedisKeyLayout(),
                requestsTopic, threads);
    }

    static List<ConsumerRecord<byte[], byte[]>> records(String topic, int partition, long firstOffset,
                                                         List<GoldenRecords.Golden> golden) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (GoldenRecords.Golden record : golden) {
            records.add(new ConsumerRecord<>(topic, partition, firstOffset + records.size(), record.key(),
                    record.value()));
        }
        return records;
    }
}
