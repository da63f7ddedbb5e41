package dev.invalidator.service.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.redis.RedisConnection;
import dev.invalidator.service.redis.RedisEndpoint;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSettingsTest {

    private static ServiceConfig config(String yaml) {
        return ServiceConfig.parse("inv.yaml", yaml, Map.of());
    }

    @Test
    void connection_defaults_isTheStandaloneRedisOnLocalhost() {
        RedisConnection connection = RedisSettings.connection(ServiceConfig.defaults());

        assertThat(connection).isEqualTo(RedisConnection.standalone(new RedisEndpoint("localhost", 6379)));
        assertThat(connection.cluster()).isFalse();
        assertThat(connection.describe()).isEqualTo("Redis at localhost:6379");
    }

    @Test
    void connection_hostPortUserPasswordTls_carriesThemAll() {
        RedisConnection connection = RedisSettings.connection(config("""
                redis:
                  host: cache.internal
                  port: 6380
                  user: invalidator
                  password: s3cret
                  tls: true
                """));

        assertThat(connection.nodes()).containsExactly(new RedisEndpoint("cache.internal", 6380));
        assertThat(connection.cluster()).isFalse();
        assertThat(connection.user()).contains("invalidator");
        assertThat(connection.password()).contains("s3cret");
        assertThat(connection.tls()).isTrue();
    }

    @Test
    void connection_clusterNodes_isAClusterAndIgnoresHostAndPort() {
        RedisConnection connection = RedisSettings.connection(config("""
                redis:
                  host: ignored
                  port: 1234
                  cluster.nodes: [10.0.0.1:7000, "[::1]:7001"]
                  password: s3cret
                """));

        assertThat(connection.cluster()).isTrue();
        assertThat(connection.nodes()).containsExactly(new RedisEndpoint("10.0.0.1", 7000),
                new RedisEndpoint("::1", 7001));
        assertThat(connection.user()).isEmpty();
        assertThat(connection.password()).contains("s3cret");
        assertThat(connection.describe()).isEqualTo("Redis Cluster (seed nodes 10.0.0.1:7000, [::1]:7001)");
    }

    @Test
    void connection_clusterNodesFromTheEnvironment_areRead() {
        ServiceConfig config = ServiceConfig.parse("inv.yaml", "",
                Map.of("INVALIDATOR_REDIS_CLUSTER_NODES", "a:7000,b:7001"));

        assertThat(RedisSettings.connection(config).nodes())
                .containsExactly(new RedisEndpoint("a", 7000), new RedisEndpoint("b", 7001));
    }
}
