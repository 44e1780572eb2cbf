-- dcbench: one year ($1) of synthetic releases, in the order they would arrive: twelve monthly releases, the
-- communiqué, the yearbook; within a release, indicator by indicator and region by region.
INSERT INTO observations (indicator, region, year, month, value, source_id, flag)
SELECT i.code, r.code, y.y, p.month,
       round(((10 + abs(hashtext(i.code || r.code)) % 990)                           -- level of the series
              * power(1 + ((abs(hashtext(i.code)) % 9) - 3) / 100.0, y.y - 1990)     -- -3 .. +5 % a year
              * (1 + CASE WHEN p.month = 0 THEN 0 ELSE 0.05 * sin(p.month * pi() / 6) END)
              * (1 + p.revision + (abs(hashtext(i.code || r.code || y.y || p.month)) % 100 - 50) / 5000.0)
              * CASE WHEN p.month = 0 THEN 12 ELSE 1 END)::numeric, 2),
       s.id, CASE WHEN p.kind = 'communique' THEN 'preliminary' ELSE '' END
FROM (SELECT $1::int AS y) y
CROSS JOIN LATERAL (
    SELECT m AS month, 'monthly' AS kind, 0.0 AS revision,
           format('Synthetic monthly release %s-%s', y.y, lpad(m::text, 2, '0')) AS title
    FROM generate_series(1, 12) m
    UNION ALL SELECT 0, 'communique', 0.0, format('Synthetic communiqué %s', y.y)
    UNION ALL SELECT 0, 'yearbook', 0.004, format('Synthetic yearbook %s', y.y)) p
JOIN sources s ON s.title = p.title
CROSS JOIN indicators i
CROSS JOIN regions r
WHERE i.code LIKE 'synthetic\_%'
ORDER BY s.published, i.code, r.code, p.month
