-- 销售日报.汇总：按城市和品类汇总前一天的销售，写入 DLI 表 ads_sales_daily_report
-- 数据来源 dws_trade_order_summary_1d（经 CDM 同步到 OBS 外表）和商品品类维表
INSERT OVERWRITE TABLE ads.ads_sales_daily_report PARTITION (dt = '${bizdate}')
SELECT
    s.city_code,
    s.city_name,
    g.category_l1_name,
    g.category_l2_name,
    SUM(s.order_cnt)                                   AS order_cnt,
    SUM(s.buyer_cnt)                                   AS buyer_cnt,
    CAST(SUM(s.payment_amount) AS DECIMAL(18, 2))      AS payment_amount,
    CAST(SUM(s.refund_amount) AS DECIMAL(18, 2))       AS refund_amount,
    CAST(SUM(s.net_amount) AS DECIMAL(18, 2))          AS net_amount,
    CAST(SUM(s.net_amount) / NULLIF(SUM(s.buyer_cnt), 0) AS DECIMAL(18, 2)) AS amount_per_buyer,
    current_timestamp()                                AS etl_time
FROM obs_ext.dws_trade_order_summary_1d s
JOIN dim.dim_goods_category g
  ON s.store_format = g.store_format
WHERE s.dt = '${bizdate}'
GROUP BY s.city_code, s.city_name, g.category_l1_name, g.category_l2_name;
