# Project library script "interlock" for Ignition 8.1 (Jython 2.7, gateway scope).
#
# What it does for a gateway talking to Interlock:
#   launch_url(...)        a single-sign-on URL for the Perspective Inline Frame
#                          (an HS256 launch token: 30 s, single use)
#   send_events(events)    POST /api/ignition/events, signed (X-Signature, HMAC-SHA256)
#   enqueue(event)/flush() a small in-memory queue for tag change scripts + a timer
#   check_feasibility(...) POST /api/v1/feasibility/check before releasing an order
#   machine_state_event(...), inventory_scan_event(...), ...: event builders
#
# Perspective scripts (view events, bindings with runScript) and gateway event
# scripts run on the gateway, so the secrets below never reach a browser.
# Lines marked [verify] depend on Ignition details that should be checked on
# your gateway's version.

import json

from java.lang import String, System, Thread
from java.time import Instant
from java.util import Base64, UUID
from java.util.concurrent import ConcurrentLinkedQueue
from javax.crypto import Mac
from javax.crypto.spec import SecretKeySpec

LOGGER = system.util.getLogger("interlock")

# The settings live in a file on the gateway's disk, readable by the gateway
# service only, not in the project (projects are exported, versioned, shared):
# {"base_url": "https://interlock.plant.example", "gateway_id": "ign-gw-01",
#  "api_key": "ilk_...", "signing_secret": "...", "launch_secret": "...",
#  "audience": "interlock"}
CONFIG_FILE = "/usr/local/bin/ignition/data/interlock/interlock.json"  # [verify] your install path

MAX_BATCH = 1000
TOKEN_LIFETIME_S = 30  # Interlock refuses tokens that claim more than 60 s

_config = None
_client = None


def config():
    global _config
    if _config is None:
        _config = json.loads(system.file.readFileAsString(CONFIG_FILE))
    return _config


def client():
    # One client, reused: Ignition's clients are heavyweight (PROTOCOL-NOTES 5).
    global _client
    if _client is None:
        _client = system.net.httpClient(timeout=10000)
    return _client


# ---------------------------------------------------------------- encoding


def _utf8(text):
    return String(text).getBytes("UTF-8")


def _b64url(raw_bytes):
    return str(Base64.getUrlEncoder().withoutPadding().encodeToString(raw_bytes))


def _hmac_sha256(secret, message_bytes):
    mac = Mac.getInstance("HmacSHA256")
    mac.init(SecretKeySpec(_utf8(secret), "HmacSHA256"))
    return mac.doFinal(message_bytes)


def _hex(raw_bytes):
    return "".join(["%02x" % (b & 0xFF) for b in raw_bytes])


def _compact_json(obj):
    # ensure_ascii: the text is plain ASCII, so "the bytes we sign" and "the
    # bytes httpClient sends" cannot differ by an encoding.
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True)


def _now_s():
    return System.currentTimeMillis() // 1000


def _iso_now():
    return str(Instant.now().toString())


# ---------------------------------------------------------------- launch tokens


def launch_token(user_name, email, roles, site=None, line=None, order=None, name=None):
    """A launch token for one Perspective user: HS256 over the gateway's launch secret."""
    cfg = config()
    now = _now_s()
    payload = {
        "iss": cfg["gateway_id"],
        "aud": cfg.get("audience", "interlock"),
        "sub": str(user_name),
        "email": str(email),
        "roles": [str(r) for r in (roles or [])],
        "iat": now,
        "exp": now + TOKEN_LIFETIME_S,
        "jti": str(UUID.randomUUID()),
    }
    if name:
        payload["name"] = unicode(name)
    for key, value in (("site", site), ("line", line), ("order", order)):
        if value:
            payload[key] = str(value)
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = _b64url(_utf8(_compact_json(header))) + "." + _b64url(_utf8(_compact_json(payload)))
    signature = _b64url(_hmac_sha256(cfg["launch_secret"], _utf8(signing_input)))
    return signing_input + "." + signature


def launch_url(user_name, email, roles, site=None, line=None, order=None, name=None):
    """The Inline Frame's src: signs the user in, then opens the order (or the line's inbox)."""
    token = launch_token(user_name, email, roles, site=site, line=line, order=order, name=name)
    # A JWT is URL-safe (base64url and dots): no escaping needed.
    return config()["base_url"].rstrip("/") + "/launch?token=" + token


# ---------------------------------------------------------------- signed event batches


def signature_header(body_text):
    """X-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">. Make a new one for every attempt."""
    t = _now_s()
    digest = _hmac_sha256(config()["signing_secret"], _utf8("%d.%s" % (t, body_text)))
    return "t=%d,v1=%s" % (t, _hex(digest))


def _post(path, body_text, signed):
    cfg = config()
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + cfg["api_key"]}
    if signed:
        headers["X-Signature"] = signature_header(body_text)
    # data as a string is sent as it is [verify on your 8.1 release: it must not be re-serialised].
    return client().post(cfg["base_url"].rstrip("/") + path, data=body_text, headers=headers)


def send_events(events, attempts=3):
    """Sends events in signed batches of at most 1,000. Returns the server's answers (accepted, duplicates, rejected)."""
    answers = []
    for start in range(0, len(events), MAX_BATCH):
        chunk = events[start:start + MAX_BATCH]
        body = _compact_json({"gateway": config()["gateway_id"], "events": chunk})
        answers.append(_send_with_retry(body, attempts))
    return answers


def _send_with_retry(body, attempts):
    delay_ms = 500
    for attempt in range(1, attempts + 1):
        try:
            # Signed again on each attempt: Interlock refuses a signature it has already seen.
            response = _post("/api/ignition/events", body, signed=True)
            if response.statusCode == 202:
                answer = response.json
                if answer.get("rejected"):
                    LOGGER.warn("Interlock rejected %d events: %s" % (len(answer["rejected"]), answer["rejected"][:5]))
                return answer
            if response.statusCode < 500 and response.statusCode != 429:
                # 400/401/403/413: sending the same again will not help.
                LOGGER.error("Interlock refused a batch (%d): %s" % (response.statusCode, response.text))
                return None
            LOGGER.warn("Interlock answered %d (attempt %d of %d)" % (response.statusCode, attempt, attempts))
        except Exception, e:
            LOGGER.warn("Interlock unreachable (attempt %d of %d): %s" % (attempt, attempts, e))
        if attempt < attempts:
            Thread.sleep(delay_ms)
            delay_ms *= 2
    # Event ids make a later resend harmless: Interlock counts them as duplicates.
    raise Exception("Interlock did not take a batch after %d attempts" % attempts)


# A queue shared by tag change scripts and the timer that flushes it.
# [verify] system.util.getGlobals() is the 8.1 way to share objects between gateway scripts.
def _queue():
    g = system.util.getGlobals()
    if "interlock_queue" not in g:
        g["interlock_queue"] = ConcurrentLinkedQueue()
    return g["interlock_queue"]


def enqueue(event):
    _queue().add(event)


def flush():
    """Call from a gateway timer script (e.g. every 1,000 ms, fixed delay)."""
    q = _queue()
    batch = []
    while len(batch) < MAX_BATCH:
        event = q.poll()
        if event is None:
            break
        batch.append(event)
    if not batch:
        return
    try:
        send_events(batch)
    except Exception, e:
        # Kept for the next tick; Interlock applies events in event-time order, so a late one is harmless.
        for event in batch:
            q.add(event)
        LOGGER.warn("kept %d events for the next flush: %s" % (len(batch), e))


# ---------------------------------------------------------------- event builders


def _event(event_type, site, fields):
    event = {"id": "%s:%s" % (config()["gateway_id"], UUID.randomUUID()), "type": event_type, "ts": _iso_now(), "site": str(site)}
    for key, value in fields.items():
        if value is not None:
            event[key] = value
    return event


def machine_state_event(site, line, work_center, state, reason=None, expected_up_at=None):
    """state: RUNNING, IDLE, DOWN or MAINTENANCE; expected_up_at: ISO 8601 text."""
    return _event("machine_state", site, {"line": line, "work_center": work_center, "state": state, "reason": reason, "expected_up_at": expected_up_at})


def oee_snapshot_event(site, line, work_center, availability, performance, quality):
    return _event("oee_snapshot", site, {"line": line, "work_center": work_center, "availability": float(availability), "performance": float(performance), "quality": float(quality)})


def inventory_scan_event(site, material, location, quantity, uom, batch=None):
    """location: "LINESIDE:<line>" or a storage location."""
    return _event("inventory_scan", site, {"material": material, "location": location, "quantity": float(quantity), "uom": uom, "batch": batch})


def operator_shift_event(site, operator, work_center, action, skills):
    """action: CLOCK_IN, CLOCK_OUT or ROSTERED."""
    return _event("operator_shift", site, {"operator": operator, "work_center": work_center, "action": action, "skills": [str(s) for s in skills]})


def production_confirmation_event(site, order, yield_qty, scrap_qty, uom, operation=None, final=None):
    return _event("production_confirmation", site, {"order": order, "operation": operation, "yield": float(yield_qty), "scrap": float(scrap_qty), "uom": uom, "final": final})


# ---------------------------------------------------------------- feasibility check


def check_feasibility(order_id, material, quantity, work_center, skill, due_date_iso, site):
    """Asks Interlock whether an order can be released now. Returns the answer (a dict) or raises."""
    body = _compact_json({
        "order_id": order_id,
        "material": material,
        "quantity": quantity,
        "required_work_center": work_center,
        "required_skill": skill,
        "due_date": due_date_iso,
        "site": site,
    })
    response = _post("/api/v1/feasibility/check", body, signed=False)
    if response.statusCode != 200:
        raise Exception("feasibility check failed (%d): %s" % (response.statusCode, response.text))
    return response.json
