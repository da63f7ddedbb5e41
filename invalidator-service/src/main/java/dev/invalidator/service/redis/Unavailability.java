package dev.invalidator.service.redis;

import java.util.Locale;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

/**
 * Which Jedis failures mean that Redis cannot be used for now, so that the work is retried after a wait, and which
 * are faults of the work or of this code, which no wait would cure.
 */
final class Unavailability {

    private Unavailability() {
    }

    static boolean isUnavailability(JedisException e) {
        return e instanceof JedisConnectionException // unreachable, or the connection broke
                || e instanceof JedisClusterOperationException // no seed node answered, or no node serves a slot
                || e instanceof JedisRedirectionException // MOVED or ASK: a slot moved since the map was read
                || e instanceof JedisClusterException // CLUSTERDOWN
                || e instanceof JedisBusyException // a script is running
                // Waited out like an outage: an operator can fix the credentials while the work waits.
                || e instanceof JedisAccessControlException
                || transientReply(e.getMessage());
    }

    /** Error replies Redis gives while it loads its data, a slot migrates or a master is being replaced. */
    private static boolean transientReply(String message) {
        if (message == null) {
            return false;
        }
        String upper = message.toUpperCase(Locale.ROOT);
        return upper.startsWith("LOADING") || upper.startsWith("TRYAGAIN") || upper.startsWith("MASTERDOWN");
    }
}
