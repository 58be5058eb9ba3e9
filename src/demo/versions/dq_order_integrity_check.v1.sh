#!/bin/bash
# =====================================================================
# 脚本名称: dq_订单_完整性校验
# 功能描述: 校验订单域当天分区是否完整：分区存在、行数不为零、
#           dwd 与 dws 的订单数、金额在允许误差内一致
# 调用方式: 作业节点 Shell，参数 ${bizdate}（yyyyMMdd）
# 失败处理: 任一检查不通过则退出码非 0，阻断下游并发送告警
# 修改记录:
#   2026-10-08  赵敏    新建
# =====================================================================

set -o errexit
set -o nounset
set -o pipefail

BIZDATE="${1:-${bizdate:-}}"
if [[ -z "${BIZDATE}" ]]; then
  echo "[ERROR] 缺少业务日期参数 bizdate" >&2
  exit 2
fi

BEELINE_URL="jdbc:hive2://mrs-hive-zk:2181/;serviceDiscoveryMode=zooKeeper;zooKeeperNamespace=hiveserver2"
HIVE_QUEUE="dq_check"
# 金额允许的相对误差（万分之五）
AMOUNT_TOLERANCE="0.0005"
# 订单数允许的绝对误差
COUNT_TOLERANCE=0
ALARM_WEBHOOK="https://alarm.example.internal/hooks/dq_order"
LOG_DIR="/opt/dlf/logs/dq_order"
LOG_FILE="${LOG_DIR}/integrity_${BIZDATE}.log"

mkdir -p "${LOG_DIR}"

log() {
  local level="$1"
  shift
  echo "$(date '+%Y-%m-%d %H:%M:%S') [${level}] $*" | tee -a "${LOG_FILE}"
}

run_sql() {
  beeline -u "${BEELINE_URL}" \
    --hiveconf mapreduce.job.queuename="${HIVE_QUEUE}" \
    --silent=true --showHeader=false --outputformat=tsv2 \
    -e "$1" 2>>"${LOG_FILE}"
}

alarm() {
  local subject="$1"
  local message="$2"
  log ERROR "${subject}: ${message}"
  curl -s -X POST "${ALARM_WEBHOOK}" \
    -H 'Content-Type: application/json' \
    -d "{\"title\":\"[数据质量] ${subject}\",\"text\":\"${message}\"}" >>"${LOG_FILE}" 2>&1 || true
}

FAILED=0

# ---------------------------------------------------------------------
# 1. 分区存在且不为空
# ---------------------------------------------------------------------
check_partition() {
  local table="$1"
  local rows
  rows=$(run_sql "SELECT COUNT(1) FROM ${table} WHERE dt = '${BIZDATE}';" | tr -d '[:space:]')
  if [[ -z "${rows}" || "${rows}" == "0" ]]; then
    alarm "分区为空" "${table} 分区 dt=${BIZDATE} 没有数据"
    FAILED=1
  else
    log INFO "${table} dt=${BIZDATE} 行数 ${rows}"
  fi
}

check_partition "dwd.dwd_trade_order_detail_di"
check_partition "dwd.dwd_trade_payment_detail_di"
check_partition "dws.dws_trade_order_summary_1d"

# ---------------------------------------------------------------------
# 2. dwd 与 dws 订单数一致
# ---------------------------------------------------------------------
DWD_ORDERS=$(run_sql "
  SELECT COUNT(DISTINCT order_id)
  FROM dwd.dwd_trade_order_detail_di
  WHERE dt = '${BIZDATE}'
    AND order_status NOT IN ('CANCELLED', 'INVALID')
    AND is_internal_order = 0;" | tr -d '[:space:]')
DWS_ORDERS=$(run_sql "
  SELECT SUM(order_cnt)
  FROM dws.dws_trade_order_summary_1d
  WHERE dt = '${BIZDATE}';" | tr -d '[:space:]')

DIFF_ORDERS=$(( ${DWD_ORDERS:-0} - ${DWS_ORDERS:-0} ))
if (( ${DIFF_ORDERS#-} > COUNT_TOLERANCE )); then
  alarm "订单数不一致" "dwd=${DWD_ORDERS} dws=${DWS_ORDERS} 差 ${DIFF_ORDERS}（${BIZDATE}）"
  FAILED=1
else
  log INFO "订单数一致: ${DWS_ORDERS}"
fi

# ---------------------------------------------------------------------
# 3. 支付金额一致（相对误差）
# ---------------------------------------------------------------------
DWD_AMOUNT=$(run_sql "
  SELECT CAST(SUM(payment_amount) AS DECIMAL(18, 2))
  FROM dwd.dwd_trade_payment_detail_di
  WHERE dt = '${BIZDATE}' AND payment_status = 'SUCCESS';" | tr -d '[:space:]')
DWS_AMOUNT=$(run_sql "
  SELECT CAST(SUM(payment_amount) AS DECIMAL(18, 2))
  FROM dws.dws_trade_order_summary_1d
  WHERE dt = '${BIZDATE}';" | tr -d '[:space:]')

if ! awk -v a="${DWD_AMOUNT:-0}" -v b="${DWS_AMOUNT:-0}" -v t="${AMOUNT_TOLERANCE}" \
     'BEGIN { d = a - b; if (d < 0) d = -d; exit (a > 0 && d / a > t) ? 1 : 0 }'; then
  alarm "支付金额不一致" "dwd=${DWD_AMOUNT} dws=${DWS_AMOUNT}（${BIZDATE}，允许误差 ${AMOUNT_TOLERANCE}）"
  FAILED=1
else
  log INFO "支付金额一致: ${DWS_AMOUNT}"
fi

# ---------------------------------------------------------------------
# 4. 结果
# ---------------------------------------------------------------------
if (( FAILED != 0 )); then
  log ERROR "完整性校验未通过，详见 ${LOG_FILE}"
  exit 1
fi

log INFO "完整性校验通过（${BIZDATE}）"
exit 0
