package dev.invalidator.service.embedded.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The demo shop's tables and first rows: the Compose stack's {@code deploy/compose/postgres/init.sql}, which the build
 * copies into the jar, so both run the same schema; the bundled shop rules are written for it.
 */
public final class DemoSchema {

    /** Class-path resource of the SQL. */
    public static final String RESOURCE = "dev/invalidator/service/embedded/postgres/init.sql";

    private DemoSchema() {
    }

    /** Runs the SQL unless {@code public.products} exists already; true when it ran. */
    static boolean applyIfMissing(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT to_regclass('public.products') IS NOT NULL")) {
                rows.next();
                if (rows.getBoolean(1)) {
                    return false;
                }
            }
            connection.setAutoCommit(false);
            // The PostgreSQL driver runs a script of several statements as one simple query.
            statement.execute(sql());
            connection.commit();
            return true;
        }
    }

    /** The SQL text. */
    public static String sql() {
        try (InputStream in = DemoSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }
}
