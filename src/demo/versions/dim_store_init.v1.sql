-- dim_门店_维表_初始化：门店维表上线时的一次性初始化，从业务库快照装载全部门店
-- 上线后由 dim_门店_维表 每日增量维护，本脚本不再使用
CREATE TABLE IF NOT EXISTS dim.dim_store_df (
    store_id        STRING  COMMENT '门店ID',
    store_name      STRING  COMMENT '门店名称',
    store_type      STRING  COMMENT '门店类型：DIRECT/FRANCHISE/TEST',
    store_format    STRING  COMMENT '业态：SUPERMARKET/CONVENIENCE/WAREHOUSE',
    store_status    STRING  COMMENT '状态：OPEN/TRIAL/CLOSED',
    city_code       STRING  COMMENT '城市编码',
    city_name       STRING  COMMENT '城市名称',
    region_code     STRING  COMMENT '大区编码',
    region_name     STRING  COMMENT '大区名称',
    open_date       STRING  COMMENT '开业日期'
)
COMMENT '门店维表（全量快照）'
PARTITIONED BY (dt STRING)
STORED AS ORC;

INSERT OVERWRITE TABLE dim.dim_store_df PARTITION (dt = '20260901')
SELECT
    s.store_id,
    s.store_name,
    s.store_type,
    s.store_format,
    s.store_status,
    c.city_code,
    c.city_name,
    c.region_code,
    c.region_name,
    date_format(s.open_time, 'yyyy-MM-dd')
FROM ods.ods_store_info_full s
LEFT JOIN ods.ods_city_region_full c
       ON s.city_code = c.city_code
WHERE s.dt = '20260901';
