package dev.invalidator.schemas.golden;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Records golden samples: runs the embedded Debezium engine (JSON converters) against a PostgreSQL and a MariaDB it
 * starts itself, performs a fixed set of changes per scenario and writes every record exactly as Debezium emitted it
 * to {@code <out>/postgres/<scenario>.jsonl} and {@code <out>/mariadb/<scenario>.jsonl}.
 *
 * <p>Usage: {@code GoldenSampleRecorder [OUTPUT_DIR] [--only=NAME,NAME...]}. Without an output directory the samples
 * go to {@code event-schemas/src/test/resources/golden} (or {@code src/test/resources/golden} when run from the
 * module). A full run also deletes sample files of scenarios that no longer exist.
 *
 * <p>Every scenario prepares its own tables before its engine starts, waits until the connector streams, runs its
 * transactions and expects an exact number of records, so a re-run gives the same files with the same record
 * sequence; only log positions, transaction ids and timestamps differ.
 */
public final class GoldenSampleRecorder {

    public static final String POSTGRES = "postgres";
    public static final String MARIADB = "mariadb";

    static final String PG_PREFIX = "pg";
    static final String MARIA_PREFIX = "maria";

    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(60);
    /** How long to wait after the expected records for any unexpected extra one. */
    private static final Duration SETTLE = Duration.ofMillis(300);

    /** The binlog client logs every connect at INFO through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger BINLOG_CLIENT_LOG =
            java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

    static {
        BINLOG_CLIENT_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Path out;
    private final Predicate<String> selected;
    private final PrintStream log;
    private final Map<String, List<String>> written = new LinkedHashMap<>();

    private GoldenSampleRecorder(Path out, Predicate<String> selected, PrintStream log) {
        this.out = out;
        this.selected = selected;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Set<String> only = Set.of();
        for (String arg : args) {
            if (arg.startsWith("--only=")) {
                only = Arrays.stream(arg.substring("--only=".length()).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + arg
                        + "; usage: GoldenSampleRecorder [OUTPUT_DIR] [--only=NAME,NAME...]");
            } else {
                out = Path.of(arg);
            }
        }
        if (out == null) {
            out = defaultOutput();
        }
        Set<String> names = only;
        record(out, names.isEmpty() ? n -> true : names::contains, System.out);
    }

    private static Path defaultOutput() {
        Path fromRoot = Path.of("event-schemas", "src", "test", "resources", "golden");
        return Files.isDirectory(Path.of("event-schemas")) ? fromRoot : Path.of("src", "test", "resources", "golden");
    }

    /** Every scenario's name, per database, in recording order. */
    public static Map<String, List<String>> scenarioNames() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put(POSTGRES, postgresScenarios().stream().map(Scenario::name).toList());
        names.put(MARIADB, mariaDbScenarios().stream().map(Scenario::name).toList());
        return names;
    }

    /**
     * Records the selected scenarios into {@code out}.
     *
     * @return database to the scenarios written, in recording order
     */
    public static Map<String, List<String>> record(Path out, Predicate<String> selected, PrintStream log)
            throws Exception {
        GoldenSampleRecorder recorder = new GoldenSampleRecorder(out, selected, log);
        long start = System.nanoTime();
        recorder.recordPostgres();
        recorder.recordMariaDb();
        log.printf("recorded %d samples in %.1f s into %s%n",
                recorder.written.values().stream().mapToInt(List::size).sum(), seconds(start), out);
        return recorder.written;
    }

    // ------------------------------------------------------------------------------------------------ PostgreSQL

    private void recordPostgres() throws Exception {
        List<Scenario> scenarios = postgresScenarios().stream().filter(s -> selected.test(s.name())).toList();
        if (scenarios.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "4")
                .setServerConfig("max_wal_senders", "4")
                .setServerConfig("timezone", "UTC")
                .start()) {
            log.printf("postgres: PostgreSQL started on port %d in %.1f s%n", pg.getPort(), seconds(start));
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA inv");
            }
            int index = 0;
            for (Scenario scenario : scenarios) {
                index++;
                String slot = "golden_" + index;
                Properties config = new Properties();
                config.put("name", "golden-" + scenario.name());
                config.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
                config.put("database.hostname", "127.0.0.1");
                config.put("database.port", Integer.toString(pg.getPort()));
                config.put("database.user", "postgres");
                config.put("database.password", "postgres");
                config.put("database.dbname", "postgres");
                config.put("topic.prefix", PG_PREFIX);
                config.put("plugin.name", "pgoutput");
                config.put("slot.name", slot);
                config.put("slot.drop.on.stop", "true");
                config.put("publication.name", slot);
                config.put("publication.autocreate.mode", "filtered");
                config.put("snapshot.mode", "no_data");
                config.put("poll.interval.ms", "10");
                config.put("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
                config.put("offset.flush.interval.ms", "60000");
                config.put("converter.schemas.enable", "true");
                config.putAll(scenario.config());

                long t0 = System.nanoTime();
                try (Connection c = pg.getPostgresDatabase().getConnection()) {
                    runSetup(c, scenario);
                    List<GoldenRecord> records;
                    try (EngineRun engine = new EngineRun(scenario.name(), config)) {
                        awaitPostgresStreaming(c, engine, slot);
                        runTransactions(c, scenario);
                        records = engine.await(scenario.expected(), RECORD_TIMEOUT, SETTLE);
                    }
                    awaitSlotGone(c, slot);
                    try (Statement s = c.createStatement()) {
                        s.execute("DROP PUBLICATION IF EXISTS " + slot);
                    }
                    write(POSTGRES, scenario, records, t0);
                }
            }
        }
        deleteStale(POSTGRES);
    }

    /**
     * Waits until the connector's walsender streams from the slot. The slot alone is no signal: it is already active
     * while CREATE_REPLICATION_SLOT runs, before the connector has read the LSN it will stream from, and a change
     * committed then is skipped as older than the start. The walsender reaches state {@code streaming} only after
     * START_REPLICATION, when every later commit is delivered.
     */
    private static void awaitPostgresStreaming(Connection c, EngineRun engine, String slot) throws Exception {
        long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.state FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
                WHERE s.slot_name = ?""")) {
            ps.setString(1, slot);
            while (true) {
                engine.checkAlive();
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "streaming".equals(rs.getString(1))) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no walsender streaming from slot " + slot + " within " + RECORD_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
    }

    /** slot.drop.on.stop drops the slot as the engine stops; drops it here if the connector left it behind. */
    private static void awaitSlotGone(Connection c, String slot) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            while (true) {
                Boolean active;
                try (ResultSet rs = ps.executeQuery()) {
                    active = rs.next() ? rs.getBoolean(1) : null;
                }
                if (active == null) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    if (active) {
                        throw new IllegalStateException("replication slot " + slot + " still in use after the engine stopped");
                    }
                    try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                        drop.setString(1, slot);
                        drop.execute();
                    }
                    return;
                }
                Thread.sleep(20);
            }
        }
    }

    static List<Scenario> postgresScenarios() {
        String customers = """
                CREATE TABLE inv.customers (
                  id integer PRIMARY KEY,
                  name text NOT NULL,
                  email varchar(100),
                  active boolean NOT NULL DEFAULT true)""";
        String[] customerChanges = {
            "INSERT INTO inv.customers (id, name, email, active) VALUES (1, 'Ada Lovelace', 'ada@example.com', true)",
            "UPDATE inv.customers SET email = 'ada@analytical.engine' WHERE id = 1",
            "DELETE FROM inv.customers WHERE id = 1",
        };
        String prices = """
                CREATE TABLE inv.prices (
                  id integer PRIMARY KEY,
                  price numeric(10,2),
                  ratio numeric)""";
        String priceRows = """
                INSERT INTO inv.prices (id, price, ratio) VALUES
                  (1, 12.50, 3.14159265358979323846264338327950288),
                  (2, -0.05, 100.000),
                  (3, NULL, NULL)""";
        String columnTypes = """
                CREATE TABLE inv.column_types (
                  id integer PRIMARY KEY,
                  big bigint,
                  small smallint,
                  name text,
                  code varchar(20),
                  uid uuid,
                  flag boolean,
                  amount numeric(10,2),
                  day date,
                  at timestamp,
                  at_tz timestamptz,
                  t time)""";
        String columnTypeRows = """
                INSERT INTO inv.column_types VALUES
                  (1, 9007199254740993, 32767, 'Zoë "quoted" \\ back', 'AB-12',
                   'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, 12.50, '2024-02-29',
                   '2024-02-29 13:45:30.123456', '2024-02-29 13:45:30.123456+02', '13:45:30.123456'),
                  (2, -9223372036854775808, -32768, '', 'x',
                   '00000000-0000-0000-0000-000000000000', false, -0.01, '1969-12-31',
                   '1900-01-01 00:00:00', '1970-01-01 00:00:00+00', '23:59:59.999999'),
                  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""";
        String documents = """
                CREATE TABLE inv.documents (
                  id integer PRIMARY KEY,
                  title text NOT NULL,
                  body text)""";
        String body = incompressibleText(4000, 20240229L);
        String accounts = "CREATE TABLE inv.accounts (id integer PRIMARY KEY, owner text NOT NULL)";

        List<Scenario> s = new ArrayList<>();
        s.add(Scenario.named("pg-snapshot-read",
                        "snapshot.mode=initial: two rows read by the snapshot (op r), then one insert streamed (op c)")
                .with("snapshot.mode", "initial")
                .with("table.include.list", "inv.products")
                .setup("DROP TABLE IF EXISTS inv.products",
                        "CREATE TABLE inv.products (id integer PRIMARY KEY, sku varchar(32) NOT NULL,"
                                + " price numeric(10,2), launched date)",
                        "INSERT INTO inv.products VALUES (1, 'SKU-001', 9.99, '2023-01-15'),"
                                + " (2, 'SKU-002', 120.00, NULL)")
                .tx("INSERT INTO inv.products VALUES (3, 'SKU-003', 0.50, '2024-06-01')")
                .expect(3));
        s.add(Scenario.named("pg-default-identity-schemas-on",
                        "REPLICA IDENTITY DEFAULT, schemas on: insert, update (before null), delete (before holds"
                                + " the key only), tombstone")
                .schemas(true)
                .with("table.include.list", "inv.customers")
                .setup("DROP TABLE IF EXISTS inv.customers", customers)
                .tx(customerChanges[0]).tx(customerChanges[1]).tx(customerChanges[2])
                .expect(4));
        s.add(Scenario.named("pg-default-identity-schemas-off",
                        "the same changes as pg-default-identity-schemas-on with converter.schemas.enable=false")
                .schemas(false)
                .with("table.include.list", "inv.customers")
                .setup("DROP TABLE IF EXISTS inv.customers", customers)
                .tx(customerChanges[0]).tx(customerChanges[1]).tx(customerChanges[2])
                .expect(4));
        s.add(Scenario.named("pg-full-identity-schemas-on",
                        "REPLICA IDENTITY FULL, schemas on: update and delete carry the whole old row")
                .schemas(true)
                .with("table.include.list", "inv.customers")
                .setup("DROP TABLE IF EXISTS inv.customers", customers,
                        "ALTER TABLE inv.customers REPLICA IDENTITY FULL")
                .tx(customerChanges[0]).tx(customerChanges[1]).tx(customerChanges[2])
                .expect(4));
        s.add(Scenario.named("pg-composite-key",
                        "composite primary key (uuid, bigint), REPLICA IDENTITY DEFAULT: insert, update, delete,"
                                + " tombstone")
                .with("table.include.list", "inv.order_lines")
                .setup("DROP TABLE IF EXISTS inv.order_lines",
                        "CREATE TABLE inv.order_lines (tenant_id uuid, order_no bigint, quantity integer NOT NULL,"
                                + " note text, PRIMARY KEY (tenant_id, order_no))")
                .tx("INSERT INTO inv.order_lines VALUES ('6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', 42, 1, 'first')")
                .tx("UPDATE inv.order_lines SET quantity = 3 WHERE tenant_id = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'"
                        + " AND order_no = 42")
                .tx("DELETE FROM inv.order_lines WHERE tenant_id = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b'"
                        + " AND order_no = 42")
                .expect(4));
        s.add(Scenario.named("pg-toast-unchanged",
                        "REPLICA IDENTITY DEFAULT: insert with a 4000-character incompressible body (stored"
                                + " out of line), then an update of the title only: after.body is Debezium's"
                                + " placeholder __debezium_unavailable_value")
                .with("table.include.list", "inv.documents")
                .setup("DROP TABLE IF EXISTS inv.documents", documents)
                .tx("INSERT INTO inv.documents VALUES (1, 'draft', '" + body + "')")
                .tx("UPDATE inv.documents SET title = 'final' WHERE id = 1")
                .expect(2));
        s.add(Scenario.named("pg-toast-unchanged-full-identity",
                        "the same as pg-toast-unchanged under REPLICA IDENTITY FULL: the old row carries the body")
                .with("table.include.list", "inv.documents")
                .setup("DROP TABLE IF EXISTS inv.documents", documents,
                        "ALTER TABLE inv.documents REPLICA IDENTITY FULL")
                .tx("INSERT INTO inv.documents VALUES (1, 'draft', '" + body + "')")
                .tx("UPDATE inv.documents SET title = 'final' WHERE id = 1")
                .expect(2));
        for (String mode : List.of("precise", "double", "string")) {
            for (boolean schemas : List.of(true, false)) {
                if (mode.equals("double") && !schemas) {
                    continue;
                }
                s.add(Scenario.named("pg-decimal-" + mode + "-schemas-" + (schemas ? "on" : "off"),
                                "decimal.handling.mode=" + mode + ", schemas " + (schemas ? "on" : "off")
                                        + ": numeric(10,2) and unconstrained numeric, three rows (one all NULL)")
                        .schemas(schemas)
                        .with("decimal.handling.mode", mode)
                        .with("table.include.list", "inv.prices")
                        .setup("DROP TABLE IF EXISTS inv.prices", prices)
                        .tx(priceRows)
                        .expect(3));
            }
        }
        for (boolean schemas : List.of(true, false)) {
            s.add(Scenario.named("pg-column-types-schemas-" + (schemas ? "on" : "off"),
                            "int, bigint, smallint, text, varchar, uuid, boolean, numeric(10,2), date, timestamp,"
                                    + " timestamptz, time: typical values, edge values, all NULL")
                    .schemas(schemas)
                    .with("table.include.list", "inv.column_types")
                    .setup("DROP TABLE IF EXISTS inv.column_types", columnTypes)
                    .tx(columnTypeRows)
                    .expect(3));
        }
        s.add(Scenario.named("pg-transaction-metadata",
                        "provide.transaction.metadata=true: BEGIN/END on pg.transaction around two transactions over"
                                + " two tables; events carry a transaction block (tombstones do not)")
                .with("provide.transaction.metadata", "true")
                .with("table.include.list", "inv.orders,inv.order_items")
                .setup("DROP TABLE IF EXISTS inv.orders", "DROP TABLE IF EXISTS inv.order_items",
                        "CREATE TABLE inv.orders (id integer PRIMARY KEY, customer_id integer NOT NULL,"
                                + " total numeric(10,2) NOT NULL)",
                        "CREATE TABLE inv.order_items (order_id integer, line_no integer, sku text NOT NULL,"
                                + " qty integer NOT NULL, PRIMARY KEY (order_id, line_no))")
                .tx("INSERT INTO inv.orders VALUES (100, 7, 30.00)",
                        "INSERT INTO inv.order_items VALUES (100, 1, 'A-1', 1)",
                        "INSERT INTO inv.order_items VALUES (100, 2, 'B-2', 2)")
                .tx("UPDATE inv.orders SET total = 20.00 WHERE id = 100",
                        "DELETE FROM inv.order_items WHERE order_id = 100 AND line_no = 2")
                .expect(10));
        s.add(Scenario.named("pg-truncate",
                        "skipped.operations=none: an insert, then TRUNCATE (op t, null key, no before/after)")
                .with("skipped.operations", "none")
                .with("table.include.list", "inv.audit_log")
                .setup("DROP TABLE IF EXISTS inv.audit_log",
                        "CREATE TABLE inv.audit_log (id bigint PRIMARY KEY, message text)")
                .tx("INSERT INTO inv.audit_log VALUES (1, 'hello')")
                .tx("TRUNCATE inv.audit_log")
                .expect(2));
        s.add(Scenario.named("pg-primary-key-change",
                        "an update of the primary key: delete (header __debezium.newkey), tombstone, create"
                                + " (header __debezium.oldkey)")
                .with("table.include.list", "inv.accounts")
                .setup("DROP TABLE IF EXISTS inv.accounts", accounts)
                .tx("INSERT INTO inv.accounts VALUES (1, 'ada')")
                .tx("UPDATE inv.accounts SET id = 2 WHERE id = 1")
                .expect(4));
        return s;
    }

    // ------------------------------------------------------------------------------------------------ MariaDB

    private void recordMariaDb() throws Exception {
        List<Scenario> scenarios = mariaDbScenarios().stream().filter(s -> selected.test(s.name())).toList();
        if (scenarios.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        Path history = Files.createTempDirectory("golden-history-");
        try (MariaDbServer db = MariaDbServer.start(1)) {
            log.printf("mariadb: MariaDB started on port %d in %.1f s%n", db.port(), seconds(start));
            try (Connection c = db.connect(null); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE shop");
            }
            int index = 0;
            for (Scenario scenario : scenarios) {
                index++;
                Properties config = new Properties();
                config.put("name", "golden-" + scenario.name());
                config.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
                config.put("database.hostname", "127.0.0.1");
                config.put("database.port", Integer.toString(db.port()));
                config.put("database.user", "root");
                config.put("database.password", "");
                config.put("database.server.id", Integer.toString(5400 + index));
                config.put("topic.prefix", MARIA_PREFIX);
                config.put("database.include.list", "shop");
                config.put("schema.history.internal", "io.debezium.storage.file.history.FileSchemaHistory");
                config.put("schema.history.internal.file.filename",
                        history.resolve("history-" + index + ".dat").toString());
                config.put("include.schema.changes", "false");
                config.put("snapshot.mode", "no_data");
                config.put("poll.interval.ms", "10");
                config.put("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
                config.put("offset.flush.interval.ms", "60000");
                config.put("converter.schemas.enable", "true");
                config.putAll(scenario.config());

                long t0 = System.nanoTime();
                try (Connection c = db.connect("shop")) {
                    runSetup(c, scenario);
                    List<GoldenRecord> records;
                    try (EngineRun engine = new EngineRun(scenario.name(), config)) {
                        awaitBinlogReaders(c, engine, 1);
                        runTransactions(c, scenario);
                        records = engine.await(scenario.expected(), RECORD_TIMEOUT, SETTLE);
                    }
                    endBinlogReaders(c);
                    write(MARIADB, scenario, records, t0);
                }
            }
        } finally {
            MariaDbServer.deleteTree(history);
        }
        deleteStale(MARIADB);
    }

    /** Waits until exactly {@code count} binlog dump connections are open (the connector's binlog client). */
    private static void awaitBinlogReaders(Connection c, EngineRun engine, int count) throws Exception {
        long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
            while (true) {
                if (engine != null) {
                    engine.checkAlive();
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == count) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not " + count + " binlog readers within " + RECORD_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
    }

    /**
     * The server notices a binlog reader has gone only when it next sends it an event; ends the dump threads the
     * stopped connector left so the next scenario's wait for "its" reader counts right.
     */
    private static void endBinlogReaders(Connection c) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        for (long id : ids) {
            try (Statement s = c.createStatement()) {
                s.execute("KILL CONNECTION " + id);
            } catch (SQLException alreadyGone) {
                // ended by itself meanwhile
            }
        }
        awaitBinlogReaders(c, null, 0);
    }

    static List<Scenario> mariaDbScenarios() {
        String customers = """
                CREATE TABLE shop.customers (
                  id INT PRIMARY KEY,
                  name VARCHAR(100) NOT NULL,
                  active TINYINT(1) NOT NULL,
                  points BIGINT,
                  balance DECIMAL(10,2),
                  birthday DATE,
                  created_at DATETIME,
                  updated_at DATETIME(6),
                  last_seen TIMESTAMP(3) NULL DEFAULT NULL)""";
        String[] customerChanges = {
            "INSERT INTO shop.customers VALUES (1, 'Ada', 1, 9007199254740993, 12.50, '1815-12-10',"
                    + " '2024-02-29 13:45:30', '2024-02-29 13:45:30.123456', '2024-02-29 13:45:30.123')",
            "UPDATE shop.customers SET name = 'Ada Lovelace', active = 0, points = NULL, balance = -0.05"
                    + " WHERE id = 1",
            "DELETE FROM shop.customers WHERE id = 1",
        };

        List<Scenario> s = new ArrayList<>();
        s.add(Scenario.named("mariadb-snapshot-read",
                        "snapshot.mode=initial: two rows read by the snapshot (op r), then one insert streamed (op c)")
                .with("snapshot.mode", "initial")
                .with("table.include.list", "shop.products")
                .setup("DROP TABLE IF EXISTS shop.products",
                        "CREATE TABLE shop.products (id INT PRIMARY KEY, sku VARCHAR(32) NOT NULL,"
                                + " price DECIMAL(10,2), launched DATE)",
                        "INSERT INTO shop.products VALUES (1, 'SKU-001', 9.99, '2023-01-15'),"
                                + " (2, 'SKU-002', 120.00, NULL)")
                .tx("INSERT INTO shop.products VALUES (3, 'SKU-003', 0.50, '2024-06-01')")
                .expect(3));
        for (boolean schemas : List.of(true, false)) {
            s.add(Scenario.named("mariadb-ops-schemas-" + (schemas ? "on" : "off"),
                            "INT, VARCHAR, TINYINT(1), BIGINT, DECIMAL(10,2), DATE, DATETIME, DATETIME(6),"
                                    + " TIMESTAMP(3): insert, update, delete, tombstone")
                    .schemas(schemas)
                    .with("table.include.list", "shop.customers")
                    .setup("DROP TABLE IF EXISTS shop.customers", customers)
                    .tx(customerChanges[0]).tx(customerChanges[1]).tx(customerChanges[2])
                    .expect(4));
        }
        s.add(Scenario.named("mariadb-truncate",
                        "skipped.operations=none: an insert, then TRUNCATE TABLE (op t)")
                .with("skipped.operations", "none")
                .with("table.include.list", "shop.audit_log")
                .setup("DROP TABLE IF EXISTS shop.audit_log",
                        "CREATE TABLE shop.audit_log (id BIGINT PRIMARY KEY, message VARCHAR(200))")
                .tx("INSERT INTO shop.audit_log VALUES (1, 'hello')")
                .tx("TRUNCATE TABLE shop.audit_log")
                .expect(2));
        s.add(Scenario.named("mariadb-primary-key-change",
                        "an update of the primary key: delete (header __debezium.newkey), tombstone, create"
                                + " (header __debezium.oldkey)")
                .with("table.include.list", "shop.accounts")
                .setup("DROP TABLE IF EXISTS shop.accounts",
                        "CREATE TABLE shop.accounts (id INT PRIMARY KEY, owner VARCHAR(50) NOT NULL)")
                .tx("INSERT INTO shop.accounts VALUES (1, 'ada')")
                .tx("UPDATE shop.accounts SET id = 2 WHERE id = 1")
                .expect(4));
        s.add(Scenario.named("mariadb-transaction-metadata",
                        "provide.transaction.metadata=true, schemas off: BEGIN/END on maria.transaction around two"
                                + " transactions; events carry a transaction block")
                .schemas(false)
                .with("provide.transaction.metadata", "true")
                .with("table.include.list", "shop.orders")
                .setup("DROP TABLE IF EXISTS shop.orders",
                        "CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT NOT NULL,"
                                + " total DECIMAL(10,2) NOT NULL)")
                .tx("INSERT INTO shop.orders VALUES (100, 7, 30.00)",
                        "INSERT INTO shop.orders VALUES (101, 8, 5.25)")
                .tx("DELETE FROM shop.orders WHERE id = 101")
                .expect(8));
        return s;
    }

    // ------------------------------------------------------------------------------------------------ shared

    private static void runSetup(Connection c, Scenario scenario) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String sql : scenario.setup()) {
                s.execute(sql);
            }
        }
    }

    private static void runTransactions(Connection c, Scenario scenario) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (List<String> tx : scenario.transactions()) {
                for (String sql : tx) {
                    s.execute(sql);
                }
                c.commit();
            }
        } finally {
            c.setAutoCommit(true);
        }
    }

    private void write(String database, Scenario scenario, List<GoldenRecord> records, long startNanos)
            throws IOException {
        Path dir = out.resolve(database);
        Files.createDirectories(dir);
        Path file = dir.resolve(scenario.name() + ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (GoldenRecord r : records) {
                w.write(GoldenSamples.format(r));
                w.write('\n');
            }
        }
        written.computeIfAbsent(database, k -> new ArrayList<>()).add(scenario.name());
        log.printf("%s: %-38s %2d records  %.1f s%n", database, scenario.name(), records.size(), seconds(startNanos));
    }

    /** After a full run, removes sample files whose scenario no longer exists. */
    private void deleteStale(String database) {
        List<String> all = scenarioNames().get(database);
        if (!all.stream().allMatch(selected)) {
            return;
        }
        Path dir = out.resolve(database);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.jsonl$", "");
                if (!all.contains(name)) {
                    Files.delete(f);
                    log.printf("%s: removed stale sample %s%n", database, f.getFileName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Letters and digits from a seeded generator: the same text every run, and nothing pglz can compress. */
    static String incompressibleText(int length, long seed) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
