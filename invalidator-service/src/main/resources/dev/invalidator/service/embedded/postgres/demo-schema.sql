-- The demo shop schema, created once: by the Compose stack's PostgreSQL when its volume is new, and by
-- `invalidator run --embedded` and `invalidator demo` in a new data directory, from the service's copy
-- (invalidator-service/src/main/resources/dev/invalidator/service/embedded/postgres/demo-schema.sql, kept equal to
-- deploy/compose/postgres/init.sql by DeployFilesTest).
-- Both tables are REPLICA IDENTITY FULL: the rules read before-image columns (the old slug, SKU and category),
-- which PostgreSQL sends in full only then.

CREATE TABLE public.categories (
    id          serial PRIMARY KEY,
    name        text        NOT NULL,
    slug        text        NOT NULL UNIQUE,
    parent_id   integer     REFERENCES public.categories (id),
    position    integer     NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.categories REPLICA IDENTITY FULL;

CREATE TABLE public.products (
    id           serial PRIMARY KEY,
    sku          text          NOT NULL UNIQUE,
    title        text          NOT NULL,
    price        numeric(10,2) NOT NULL,
    category_id  integer       NOT NULL REFERENCES public.categories (id),
    status       text          NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    stock        integer       NOT NULL DEFAULT 0,
    description  text,
    updated_at   timestamptz   NOT NULL DEFAULT now()
);
ALTER TABLE public.products REPLICA IDENTITY FULL;

INSERT INTO public.categories (name, slug, parent_id, position) VALUES
    ('Drinks', 'drinks', NULL, 1),
    ('Coffee', 'coffee', 1, 1),
    ('Tea', 'tea', 1, 2);

INSERT INTO public.products (sku, title, price, category_id, status, stock) VALUES
    ('COF-ESP-250', 'Espresso beans, 250 g', 7.90, 2, 'published', 120),
    ('TEA-GREEN-100', 'Sencha green tea, 100 g', 4.50, 3, 'published', 40),
    ('TEA-MATCHA-30', 'Matcha', 12.00, 3, 'draft', 0);
