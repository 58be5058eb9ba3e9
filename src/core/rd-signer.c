/* rd-signer.c: Huawei Cloud "SDK-HMAC-SHA256" request signing (AK/SK), with GLib's GHmac/GChecksum. */
#define G_LOG_DOMAIN "rd-signer"

#include "config.h"

#include "rd-signer.h"
