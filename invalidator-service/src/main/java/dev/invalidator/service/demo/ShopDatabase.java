package dev.invalidator.service.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo's writes and reads on the shop schema ({@code deploy/compose/postgres/init.sql}): categories 2 (Coffee) and
 * 3 (Tea) exist from the start.
 */
final class ShopDatabase {

    static final int COFFEE = 2;
    static final int TEA = 3;

    private final DataSource dataSource;

    ShopDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts {@code count} published products, alternating between Coffee and Tea, in one transaction. */
    List<Product> insertProducts(int count, String run) throws SQLException {
        List<Product> products = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO public.products (sku, title, price, category_id, status, stock)
                    VALUES (?, ?, ?, ?, 'published', 10) RETURNING id""")) {
                for (int i = 0; i < count; i++) {
                    String sku = "DEMO-" + run + "-" + String.format("%05d", i);
                    int category = i % 2 == 0 ? COFFEE : TEA;
                    insert.setString(1, sku);
                    insert.setString(2, (category == COFFEE ? "Coffee " : "Tea ") + "no. " + i);
                    insert.setBigDecimal(3, new java.math.BigDecimal("5.00").add(java.math.BigDecimal.valueOf(i % 90,
                            1)));
                    insert.setInt(4, category);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        products.add(new Product(rs.getLong(1), sku, category));
                    }
                }
            }
            c.commit();
        }
        return products;
    }

    /** What a storefront would cache for a product page. */
    String productPage(long id) {
        return query("SELECT sku || ' ' || title || ' ' || price FROM public.products WHERE id = ?", id);
    }

    /** What a storefront would cache for a category's listing page. */
    String listing(int category) {
        return query("SELECT string_agg(sku, ',' ORDER BY id) FROM public.products WHERE category_id = ?", category);
    }

    /** Raises a product's price by one cent in a transaction of its own. */
    void raisePrice(long id) throws SQLException {
        update("UPDATE public.products SET price = price + 0.01, updated_at = now() WHERE id = ?", id, null);
    }

    /** Moves a product to another category in a transaction of its own. */
    void moveTo(long id, int category) throws SQLException {
        update("UPDATE public.products SET category_id = ?, updated_at = now() WHERE id = ?", id, category);
    }

    /** Whether the capture's replication slot is streaming: changes committed from then on are captured. */
    boolean slotStreaming(String slot) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT r.state FROM pg_replication_slots s JOIN pg_stat_replication r ON r.pid = s.active_pid
                WHERE s.slot_name = ?""")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "streaming".equals(rs.getString(1));
            }
        }
    }

    private void update(String sql, long id, Integer category) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (category == null) {
                ps.setLong(1, id);
            } else {
                ps.setInt(1, category);
                ps.setLong(2, id);
            }
            if (ps.executeUpdate() != 1) {
                throw new SQLException("product " + id + " not found");
            }
        }
    }

    private String query(String sql, long parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read from the demo database: " + e.getMessage(), e);
        }
    }
}
