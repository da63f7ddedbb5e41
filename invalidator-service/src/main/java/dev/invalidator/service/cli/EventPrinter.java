package dev.invalidator.service.cli;

import dev.invalidator.schemas.change.ChangeEvent;
import dev.invalidator.schemas.change.ColumnValue;
import dev.invalidator.schemas.change.ReadError;
import dev.invalidator.schemas.change.ReadResult;
import dev.invalidator.schemas.change.RowImage;
import dev.invalidator.schemas.change.SourcePosition;
import dev.invalidator.schemas.change.Tombstone;
import dev.invalidator.schemas.change.TransactionMarker;
import java.io.PrintWriter;
import java.util.Map;
import java.util.StringJoiner;

/** Prints decoded records for people: one line each, values as the database shows them. */
final class EventPrinter {

    private final PrintWriter out;

    EventPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(String where, ReadResult result) {
        if (result instanceof ChangeEvent change) {
            out.println(where + "  " + change.table() + " " + change.op().name().toLowerCase()
                    + (change.snapshot() ? " (snapshot)" : "")
                    + "  key " + image(change.key())
                    + "  before " + image(change.before())
                    + "  after " + image(change.after())
                    + "  at " + position(change.position())
                    + (change.commitTime() == null ? "" : "  committed " + change.commitTime()));
        } else if (result instanceof Tombstone tombstone) {
            out.println(where + "  tombstone  key " + image(tombstone.key()));
        } else if (result instanceof TransactionMarker marker) {
            out.println(where + "  transaction " + marker.status() + " " + marker.transactionId()
                    + (marker.status() == TransactionMarker.Status.END ? "  events " + marker.eventCount() : ""));
        } else if (result instanceof ReadError error) {
            out.println(where + "  unreadable: " + error.message() + " (at " + error.path() + ")");
        }
    }

    private static String image(RowImage image) {
        if (image == null) {
            return "-";
        }
        StringJoiner joiner = new StringJoiner(", ", "{", "}");
        for (Map.Entry<String, ColumnValue> column : image.columns().entrySet()) {
            joiner.add(column.getKey() + "=" + value(column.getValue()));
        }
        return joiner.toString();
    }

    private static String value(ColumnValue value) {
        if (value instanceof ColumnValue.Known known) {
            String text = known.render();
            return text.length() > 40 ? text.substring(0, 37) + "..." : text;
        }
        if (value instanceof ColumnValue.Null) {
            return "NULL";
        }
        if (value instanceof ColumnValue.Unavailable) {
            return "<unavailable>";
        }
        ColumnValue.Undecodable undecodable = (ColumnValue.Undecodable) value;
        return "<undecodable: " + undecodable.reason() + ">";
    }

    private static String position(SourcePosition position) {
        if (position instanceof SourcePosition.Postgres pg) {
            return "lsn " + pg.lsnText() + (pg.txId() == null ? "" : " tx " + pg.txId());
        }
        if (position instanceof SourcePosition.Binlog binlog) {
            return binlog.file() + ":" + binlog.position() + (binlog.gtid() == null ? "" : " gtid " + binlog.gtid());
        }
        return "unknown position (" + ((SourcePosition.Unknown) position).connector() + ")";
    }
}
