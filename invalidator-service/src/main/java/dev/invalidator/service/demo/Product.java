package dev.invalidator.service.demo;

/** A row the demo wrote to {@code public.products}. */
record Product(long id, String sku, int categoryId) {

    String key() {
        return "product:" + id;
    }
}
