-- ads_supplier_inventory_info: the supplier inventory report, from the daily stock snapshot
INSERT OVERWRITE TABLE ads.ads_supplier_inventory_info PARTITION (dt = '${bizdate}')
SELECT
    i.supplier_id,
    sp.supplier_name,
    i.warehouse_id,
    COUNT(DISTINCT i.sku_id)                          AS sku_cnt,
    SUM(i.on_hand_qty)                                AS on_hand_qty,
    SUM(i.in_transit_qty)                             AS in_transit_qty,
    SUM(CASE WHEN i.on_hand_qty <= i.safety_qty THEN 1 ELSE 0 END) AS below_safety_sku_cnt,
    CAST(SUM(i.on_hand_qty * i.unit_cost) AS DECIMAL(18, 2))       AS inventory_cost
FROM dws.dws_supplier_inventory_1d i
JOIN dim.dim_supplier_df sp
  ON i.supplier_id = sp.supplier_id
 AND sp.dt = '${bizdate}'
WHERE i.dt = '${bizdate}'
GROUP BY i.supplier_id, sp.supplier_name, i.warehouse_id;
