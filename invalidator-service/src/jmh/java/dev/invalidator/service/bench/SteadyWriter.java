package dev.invalidator.service.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Updates rows at a steady rate, {@code txRows} distinct rows per transaction, on a fixed schedule: transaction k is
 * due at start + k / (rate / txRows) seconds whatever happened to the ones before (an open loop, so that a slow
 * database shows as lateness rather than as a lower rate nobody notices). Each update sets the row's {@code seq} to
 * the write's own sequence number, 0, 1, 2, ..., which the rules put into the cache key: every key, applied and
 * broadcast, names the one write it came from. Before a transaction's due time it hands each of its writes'
 * sequence numbers to {@code beforeWrite} (what a reader of those rows would have cached by then).
 */
final class SteadyWriter implements Runnable {

    private final BenchPostgres postgres;
    private final int txRows;
    private final int tableRows;
    private final long transactions;
    private final long intervalNanos;
    private final long startNanos;
    private final long startEpochMicros;
    private final LongConsumer beforeWrite;
    private volatile long endNanos;
    private volatile boolean done;
    private volatile long rowsWritten;
    private volatile long maxLateNanos;
    private volatile long lateTransactions;
    private volatile Exception failure;

    /**
     * @param totalRows        rows to update in all; a whole number of transactions
     * @param startNanos       when the first transaction is due, by {@link System#nanoTime()}
     * @param startEpochMicros the same moment in microseconds since the epoch
     * @param beforeWrite      called with each write's sequence number before its transaction is due
     */
    SteadyWriter(BenchPostgres postgres, int rate, int txRows, int tableRows, long totalRows, long startNanos,
                 long startEpochMicros, LongConsumer beforeWrite) {
        this.startNanos = startNanos;
        this.startEpochMicros = startEpochMicros;
        this.beforeWrite = beforeWrite;
        this.postgres = postgres;
        this.txRows = txRows;
        this.tableRows = tableRows;
        this.transactions = totalRows / txRows;
        this.intervalNanos = Math.round(1e9 * txRows / rate);
    }

    @Override
    public void run() {
        try (Connection db = postgres.connect();
             PreparedStatement update = db.prepareStatement("UPDATE " + BenchPostgres.qualifiedTable()
                     + " SET seq = ? WHERE id = ?")) {
            db.setAutoCommit(false);
            long seq = 0;
            for (long tx = 0; tx < transactions; tx++) {
                // While the writer would wait for the due time anyway, not between due time and commit.
                for (int row = 0; row < txRows; row++) {
                    beforeWrite.accept(seq + row);
                }
                long due = startNanos + tx * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (-wait > intervalNanos) {
                    lateTransactions++;
                }
                maxLateNanos = Math.max(maxLateNanos, Math.max(0, System.nanoTime() - due));
                for (int row = 0; row < txRows; row++, seq++) {
                    update.setLong(1, seq);
                    update.setInt(2, (int) (seq % tableRows));
                    update.addBatch();
                }
                update.executeBatch();
                db.commit();
                rowsWritten = seq;
            }
        } catch (SQLException e) {
            failure = e;
        } finally {
            endNanos = System.nanoTime();
            done = true;
        }
    }

    /** True once the writer stopped, having written everything or failed. */
    boolean done() {
        return done;
    }

    /** The rows committed so far. */
    long rowsWritten() {
        return rowsWritten;
    }

    /** When the first transaction was due, in microseconds since the epoch. */
    long startEpochMicros() {
        return startEpochMicros;
    }

    /** Rows per second achieved from when the first transaction was due to the last commit. */
    double achievedRate() {
        return rowsWritten / ((endNanos - startNanos) / 1e9);
    }

    /** The most a transaction started after its due time, in ms. */
    double maxLateMillis() {
        return maxLateNanos / 1e6;
    }

    /** Transactions that started more than one interval after they were due. */
    long lateTransactions() {
        return lateTransactions;
    }

    /** Why the writer stopped early, if it did. */
    Exception failure() {
        return failure;
    }
}
