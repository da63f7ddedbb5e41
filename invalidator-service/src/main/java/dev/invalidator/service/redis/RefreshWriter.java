package dev.invalidator.service.redis;

import dev.invalidator.schemas.redis.RedisKeyLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import redis.clients.jedis.Response;

/**
 * Writes refreshed keys: one script per key sets the value (or removes it, for a deleted row) only when the source
 * position stored beside it ({@link RedisKeyLayout#refreshPositionKey}) is not newer, and then stores the new
 * position with the value's TTL. So a replayed batch, or an older change delivered late, never puts an older row
 * back, and a removal leaves its position as a tombstone against an older create. The script also deletes the key's
 * lease marker, as an invalidation does: a reader that loaded the row before this change can no longer store it.
 * Value, position and lease share the key's slot (REDIS-LAYOUT.md), so on a cluster each script runs on one node.
 */
final class RefreshWriter {

    /*
     * KEYS: value, position[, lease]. ARGV: position, ttl in ms, 'w' (write) or 'd' (remove), value.
     * Positions compare by length, then byte by byte (not with Lua's '<', which follows the server's locale).
     * Returns {1 written | 2 removed | 0 refused as older, leases deleted}.
     */
    private static final String REFRESH = """
            local function compare(a, b)
              if #a ~= #b then return #a < #b and -1 or 1 end
              for i = 1, #a do
                local x, y = string.byte(a, i), string.byte(b, i)
                if x ~= y then return x < y and -1 or 1 end
              end
              return 0
            end
            local stored = redis.call('GET', KEYS[2])
            if stored and compare(ARGV[1], stored) < 0 then
              return {0, 0}
            end
            local leases = 0
            if #KEYS > 2 then
              leases = redis.call('DEL', KEYS[3])
            end
            local outcome = 1
            if ARGV[3] == 'w' then
              redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[2])
            else
              redis.call('UNLINK', KEYS[1])
              outcome = 2
            end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            return {outcome, leases}
            """;

    private final RedisKeyLayout layout;

    RefreshWriter(RedisKeyLayout layout) {
        this.layout = layout;
    }

    void write(RedisNodes nodes, Collection<Refresh> refreshes, Tally tally) {
        if (refreshes.isEmpty()) {
            return;
        }
        List<Response<Object>> replies = new ArrayList<>(refreshes.size());
        try (RoundTrip trip = nodes.roundTrip()) {
            for (Refresh refresh : refreshes) {
                List<String> keys = new ArrayList<>(3);
                keys.add(refresh.key());
                keys.add(layout.refreshPositionKey(refresh.key()));
                keys.add(layout.leaseKey(refresh.key()));
                List<String> args = List.of(refresh.position(), Long.toString(refresh.ttlMillis()),
                        refresh.removes() ? "d" : "w", refresh.removes() ? "" : refresh.value());
                replies.add(trip.forKey(refresh.key()).eval(REFRESH, keys, args));
            }
            tally.roundTrips(trip.sync());
        }
        for (Response<Object> reply : replies) {
            List<?> outcome = (List<?>) reply.get();
            long what = (Long) outcome.get(0);
            tally.refreshed(what == 1, what == 2, what == 0, (Long) outcome.get(1));
        }
    }
}
