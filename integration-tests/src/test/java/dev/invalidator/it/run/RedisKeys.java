package dev.invalidator.it.run;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** The shared Redis the tests may use, and the removal of a test's keys from it afterwards. */
final class RedisKeys {

    /** The Redis every test machine runs (see .ci/run). */
    static final int SHARED_PORT = 6379;

    private RedisKeys() {
    }

    /** Removes every key starting with one of the prefixes, by SCAN so that other users of the Redis are not held. */
    static void deleteStartingWith(Jedis redis, List<String> prefixes) {
        for (String prefix : prefixes) {
            ScanParams params = new ScanParams().match(escapeGlob(prefix) + "*").count(1_000);
            ScanResult<String> page;
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                page = redis.scan(cursor, params);
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!page.isCompleteIteration());
        }
    }

    private static String escapeGlob(String text) {
        return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
    }
}
