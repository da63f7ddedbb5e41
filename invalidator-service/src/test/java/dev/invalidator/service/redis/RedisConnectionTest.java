package dev.invalidator.service.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;

class RedisConnectionTest {

    @Test
    void clientConfig_passesUserPasswordAndTlsToJedis() {
        RedisConnection connection = RedisConnection.standalone(new RedisEndpoint("h", 1))
                .withCredentials("invalidator", "s3cret").withTls(true);

        DefaultJedisClientConfig config = connection.clientConfig(1_500);

        assertThat(config.getUser()).isEqualTo("invalidator");
        assertThat(config.getPassword()).isEqualTo("s3cret");
        assertThat(config.isSsl()).isTrue();
        assertThat(config.getSslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(config.getConnectionTimeoutMillis()).isEqualTo(1_500);
    }

    @Test
    void clientConfig_withoutCredentialsOrTls_setsNone() {
        DefaultJedisClientConfig config = RedisConnection.standalone(new RedisEndpoint("h", 1)).clientConfig(1_500);

        assertThat(config.getUser()).isNull();
        assertThat(config.getPassword()).isNull();
        assertThat(config.isSsl()).isFalse();
    }

    @Test
    void toString_masksThePassword() {
        RedisConnection connection = RedisConnection.cluster(List.of(new RedisEndpoint("a", 7000)))
                .withCredentials("invalidator", "s3cret");

        assertThat(connection.toString()).doesNotContain("s3cret").contains("invalidator", "a:7000", "******");
    }

    @Test
    void new_userWithoutPassword_isRefused() {
        assertThatThrownBy(() -> new RedisConnection(List.of(new RedisEndpoint("h", 1)), false,
                Optional.of("invalidator"), Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'invalidator' needs a password");
    }

    @Test
    void new_standaloneWithTwoNodes_isRefused() {
        assertThatThrownBy(() -> new RedisConnection(List.of(new RedisEndpoint("a", 1), new RedisEndpoint("b", 2)),
                false, Optional.empty(), Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seeds of a cluster");
    }

    @Test
    void parse_hostPortForms() {
        assertThat(RedisEndpoint.parse(" redis-1.internal:6379 "))
                .isEqualTo(new RedisEndpoint("redis-1.internal", 6379));
        assertThat(RedisEndpoint.parse("[2001:db8::1]:7000")).isEqualTo(new RedisEndpoint("2001:db8::1", 7000));
        assertThat(RedisEndpoint.parse("[2001:db8::1]:7000")).hasToString("[2001:db8::1]:7000");
    }

    @Test
    void parse_badEntries_sayWhatIsWrong() {
        assertThatThrownBy(() -> RedisEndpoint.parse("redis-1")).hasMessage("'redis-1' is not host:port");
        assertThatThrownBy(() -> RedisEndpoint.parse(":6379")).hasMessage("':6379' is not host:port");
        assertThatThrownBy(() -> RedisEndpoint.parse("h:port"))
                .hasMessage("'h:port' is not host:port: the port is not a number");
        assertThatThrownBy(() -> RedisEndpoint.parse("h:70000"))
                .hasMessage("'h:70000' is not host:port: port must be in 1..65535, was 70000");
        assertThatThrownBy(() -> RedisEndpoint.parse("::1:6379")).hasMessageContaining("in brackets");
    }
}
