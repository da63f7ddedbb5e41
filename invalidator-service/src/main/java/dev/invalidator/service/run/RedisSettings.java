package dev.invalidator.service.run;

import dev.invalidator.service.config.ServiceConfig;
import dev.invalidator.service.config.ServiceFields;
import dev.invalidator.service.redis.RedisConnection;
import dev.invalidator.service.redis.RedisEndpoint;
import java.util.List;

/** The Redis settings of the service's configuration, as the Redis package takes them. */
final class RedisSettings {

    private RedisSettings() {
    }

    /**
     * The connection the service's configuration describes: the cluster of {@code redis.cluster.nodes} when that is
     * set (then {@code redis.host} and {@code redis.port} are not used), else the server at {@code redis.host} and
     * {@code redis.port}; with {@code redis.user}, {@code redis.password} and {@code redis.tls}.
     */
    static RedisConnection connection(ServiceConfig config) {
        List<String> seeds = config.find(ServiceFields.REDIS_CLUSTER_NODES).orElse(List.of());
        List<RedisEndpoint> nodes = seeds.isEmpty()
                ? List.of(new RedisEndpoint(config.get(ServiceFields.REDIS_HOST), config.get(ServiceFields.REDIS_PORT)))
                : seeds.stream().map(RedisEndpoint::parse).toList();
        return new RedisConnection(nodes, !seeds.isEmpty(), config.find(ServiceFields.REDIS_USER),
                config.find(ServiceFields.REDIS_PASSWORD), config.get(ServiceFields.REDIS_TLS));
    }

}
