package dev.invalidator.schemas.change;

/** Where in the database's log a change was read: orders changes of one source and locates them for an operator. */
public sealed interface SourcePosition {

    /**
     * PostgreSQL: the log sequence number of the change and the transaction id.
     *
     * @param lsn  {@code source.lsn}
     * @param txId {@code source.txId}, or null when absent
     */
    record Postgres(long lsn, Long txId) implements SourcePosition {

        /** The LSN as PostgreSQL shows it, e.g. {@code 0/16B3748}. */
        public String lsnText() {
            return upperHex(lsn >>> 32) + "/" + upperHex(lsn & 0xFFFFFFFFL);
        }

        // Every change event's broadcast names its LSN, so this avoids toUpperCase's second string.
        private static String upperHex(long value) {
            char[] digits = Long.toHexString(value).toCharArray();
            for (int i = 0; i < digits.length; i++) {
                if (digits[i] >= 'a') {
                    digits[i] -= 'a' - 'A';
                }
            }
            return new String(digits);
        }
    }

    /**
     * MySQL and MariaDB: the binlog coordinates of the change.
     *
     * @param file     {@code source.file}
     * @param position {@code source.pos}
     * @param row      {@code source.row}, the row within the binlog event
     * @param gtid     {@code source.gtid}, or null without GTIDs
     * @param serverId {@code source.server_id}
     */
    record Binlog(String file, long position, int row, String gtid, long serverId) implements SourcePosition {
    }

    /** A connector whose source block this reader does not know; the change is still usable. */
    record Unknown(String connector) implements SourcePosition {
    }
}
