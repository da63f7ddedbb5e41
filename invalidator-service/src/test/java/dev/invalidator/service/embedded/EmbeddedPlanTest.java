package dev.invalidator.service.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.embedded.EmbeddedPlan.RedisSource;
import dev.invalidator.service.embedded.EmbeddedPlan.Start;
import dev.invalidator.service.redis.RedisEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code run --embedded} starts, given the configuration and whether a local Redis answers. */
class EmbeddedPlanTest {

    private static final RedisEndpoint LOCAL = new RedisEndpoint("127.0.0.1", 6379);

    private final List<RedisEndpoint> probed = new ArrayList<>();

    private EmbeddedPlan decide(String yaml, Map<String, String> env, boolean localAnswers) {
        return EmbeddedPlan.decide(ServiceConfig.parse("inv.yaml", yaml, env), LOCAL, endpoint -> {
            probed.add(endpoint);
            return localAnswers;
        });
    }

    @Test
    void decide_nothingConfiguredAndLocalRedisAnswers_startsAllButRedisAndUsesTheLocalOne() {
        EmbeddedPlan plan = decide("", Map.of(), true);

        assertThat(plan).isEqualTo(new EmbeddedPlan(Start.EMBEDDED, Start.EMBEDDED, RedisSource.LOCAL,
                Start.EMBEDDED));
        assertThat(probed).containsExactly(LOCAL);
    }

    @Test
    void decide_nothingConfiguredAndNoLocalRedis_startsRedisToo() {
        EmbeddedPlan plan = decide("", Map.of(), false);

        assertThat(plan.redis()).isEqualTo(RedisSource.EMBEDDED);
        assertThat(plan.startsAnything()).isTrue();
    }

    @Test
    void decide_redisHostConfigured_usesItWithoutProbing() {
        EmbeddedPlan plan = decide("redis:\n  host: cache.example\n", Map.of(), true);

        assertThat(plan.redis()).isEqualTo(RedisSource.CONFIGURED);
        assertThat(probed).isEmpty();
    }

    @Test
    void decide_redisPortFromEnvironment_countsAsConfigured() {
        EmbeddedPlan plan = decide("", Map.of("INVALIDATOR_REDIS_PORT", "6380"), false);

        assertThat(plan.redis()).isEqualTo(RedisSource.CONFIGURED);
        assertThat(probed).isEmpty();
    }

    @Test
    void decide_redisClusterConfigured_usesIt() {
        EmbeddedPlan plan = decide("redis:\n  cluster.nodes: [a:7000, b:7001]\n", Map.of(), false);

        assertThat(plan.redis()).isEqualTo(RedisSource.CONFIGURED);
    }

    @Test
    void decide_redisKeyAtItsDefaultValueWrittenOut_stillCountsAsConfigured() {
        // Writing the default down is a choice: the operator means that Redis, whatever answers elsewhere.
        EmbeddedPlan plan = decide("redis:\n  port: 6379\n", Map.of(), false);

        assertThat(plan.redis()).isEqualTo(RedisSource.CONFIGURED);
    }

    @Test
    void decide_kafkaConfigured_startsNoBroker() {
        EmbeddedPlan plan = decide("kafka:\n  bootstrap.servers: [broker:9092]\n", Map.of(), true);

        assertThat(plan.kafka()).isEqualTo(Start.CONFIGURED);
        assertThat(plan.database()).isEqualTo(Start.EMBEDDED);
    }

    @Test
    void decide_captureSourceConfigured_startsNoDatabase() {
        EmbeddedPlan plan = decide("""
                capture:
                  sources:
                    billing:
                      connector: mariadb
                      properties:
                        database.hostname: db
                """, Map.of(), true);

        assertThat(plan.database()).isEqualTo(Start.CONFIGURED);
        assertThat(plan.kafka()).isEqualTo(Start.EMBEDDED);
    }

    @Test
    void decide_rulesDirectoryConfigured_loadsThoseRules() {
        EmbeddedPlan plan = decide("rules:\n  directory: /etc/invalidator/rules\n", Map.of(), true);

        assertThat(plan.rules()).isEqualTo(Start.CONFIGURED);
    }

    @Test
    void decide_everythingConfigured_startsNothing() {
        EmbeddedPlan plan = decide("""
                kafka:
                  bootstrap.servers: [broker:9092]
                redis:
                  host: cache
                rules:
                  directory: rules
                capture:
                  sources:
                    shop:
                      connector: postgresql
                """, Map.of(), true);

        assertThat(plan).isEqualTo(new EmbeddedPlan(Start.CONFIGURED, Start.CONFIGURED, RedisSource.CONFIGURED,
                Start.CONFIGURED));
        assertThat(plan.startsAnything()).isFalse();
    }

    @Test
    void describe_embeddedRedis_namesTheAddressThatDidNotAnswer() {
        EmbeddedPlan plan = decide("", Map.of(), false);

        assertThat(plan.describe(LOCAL)).anySatisfy(line -> assertThat(line)
                .contains("Redis: embedded").contains("127.0.0.1:6379"));
    }
}
