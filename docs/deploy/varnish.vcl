vcl 4.1;
# Varnish 7.1 in front of Traydrop's share gateways: the cache Dropshare Cloud had. The tests and the benchmark start
# Varnish with this very file (scripts/varnish-start.sh); docs/scaling.md says where it sits.
#
# What it caches: only responses the gateway marks `Cache-Control: public, max-age=N` (the bytes of plain links), for
# N seconds; the gateway already caps N at the time left before the link expires, so nothing is served past expiresAt.
# Everything else (pages, /v1, password and max-downloads links, 404/410/421, the health check) goes to the gateway
# every time. The gateway purges a link the moment it changes (CACHE_PURGE_URLS: a BAN per share id, see below).
#
# Deployment-specific parts live in an include searched on vcl_path, so this file stays the same everywhere:
#   traydrop-backends.vcl   `backend default { .host = "127.0.0.1"; .port = "8080"; }` (one gateway, or a load
#                           balancer in front of several: docs/deploy/haproxy.cfg), and
#                           `acl purgers { "127.0.0.1"; "10.0.0.0/24"; }`: the gateways' addresses, the only
#                           clients whose BAN and PURGE are obeyed.
# varnishd -a :6081 -f /etc/varnish/varnish.vcl -p vcl_path=/etc/varnish:/usr/share/varnish/vcl -s malloc,1g
import std;

include "traydrop-backends.vcl";

# The unfurlers that get the share page at a link's own URL: the same pattern as server/share/link-preview.ts
# (test/unit/varnish-vcl.test.ts checks they are the same). Their requests are never looked up in the cache.
sub traydrop_is_unfurler {
  if (req.http.User-Agent ~ "(?i)slackbot|slack-imgproxy|twitterbot|facebookexternalhit|facebot|discordbot|telegrambot|whatsapp|linkedinbot|mattermost|iframely|embedly|vkshare|redditbot|pinterestbot|applebot|googlebot|bingbot|mastodon|bluesky|preview|unfurl") {
    return (pass);
  }
}

sub vcl_recv {
  # An absolute-form target (GET http://host/path) names the host the gateway will use (RFC 9112 §3.2.2): make it
  # the Host, so the cache key and the gateway agree on it.
  if (req.url ~ "(?i)^https?://") {
    set req.http.Host = regsub(req.url, "(?i)^https?://([^/?#]*).*$", "\1");
    set req.url = regsub(req.url, "(?i)^https?://[^/?#]*", "");
    if (req.url !~ "^/") {
      set req.url = "/" + req.url;
    }
  }
  # The key is Host + URL: a custom domain serves only its owner's links while the main host serves all, so the two
  # must never share an entry. The host is normalized as the gateway does it (case, port, trailing dot), so
  # spellings of one host share entries and different hosts never do.
  set req.http.Host = regsub(std.tolower(req.http.Host), "^(\[[0-9a-f:.]+\]|[^:]+?)\.?(:[0-9]+)?$", "\1");

  # BAN from a gateway: drop every cached response of one link, whatever its path form and host (see vcl_deliver
  # for the header it matches). Sent as `BAN /` with `X-Traydrop-Share: <shareId>`.
  if (req.method == "BAN" || req.method == "PURGE") {
    if (!(client.ip ~ purgers)) {
      return (synth(403, "Forbidden"));
    }
    if (req.method == "PURGE") {
      return (purge);
    }
    if (req.http.X-Traydrop-Share !~ "^[A-Za-z0-9]{12}$") {
      return (synth(400, "X-Traydrop-Share must be a share id"));
    }
    ban("obj.http.X-Traydrop-Share == " + req.http.X-Traydrop-Share);
    return (synth(200, "Banned"));
  }

  if (req.method != "GET" && req.method != "HEAD") {
    return (pass);
  }
  # Only a share link's bytes may come from the cache: /<id>, /<id>/<name>, /<id>/<name>/raw, with or without
  # ?download. The API, the dashboard, the health check and anything else always reach a gateway.
  if (req.url !~ "^/[A-Za-z0-9]{12}(/[^/?]+(/raw)?)?/?(\?.*)?$") {
    return (pass);
  }
  # At a link's own URL a browser and an unfurler get the page (never cached); /raw and ?download are always bytes.
  if (req.url !~ "^/[^/?]+/[^/?]+/raw/?(\?|$)" && req.url !~ "[?&]download(=|&|$)") {
    if (req.http.Accept ~ "(?i)\btext/html\b") {
      return (pass);
    }
    call traydrop_is_unfurler;
  }
  # Cookies (a link's password or download pass) and Authorization stay on the request: a response the gateway marks
  # public does not depend on them, and one that does is private and never stored. So no built-in pass for them.
  return (hash);
}

sub vcl_hash {
  hash_data(req.url);
  hash_data(req.http.Host);
  return (lookup);
}

sub vcl_miss {
  # A Range on an object not in the cache goes to the gateway as it is (206 from S3, counted there): fetching the
  # whole file to answer a few bytes would cost a 1 GiB read for a video seek. Once a full GET stored the object,
  # Varnish answers ranges from it (206 with the right Content-Range).
  if (req.http.Range) {
    return (pass);
  }
  # Varnish would fetch a HEAD as a GET, and the gateway counts a GET from byte 0 as a download: pass it as it is.
  if (req.method == "HEAD") {
    return (pass);
  }
}

sub vcl_backend_response {
  # The share id, so that one BAN finds every entry of a link (lurker-friendly: it names only obj.*).
  set beresp.http.X-Traydrop-Share = regsub(bereq.url, "^/([A-Za-z0-9]{12}).*$", "\1");
  # Stored only when the gateway says public with a max-age, and the object is small enough to be worth memory.
  if (bereq.uncacheable) {
    return (deliver);
  }
  if (beresp.status != 200 || beresp.http.Cache-Control !~ "(?i)(^|,)\s*public\s*(,|$)" ||
      beresp.http.Cache-Control !~ "(?i)max-age=[1-9]" || beresp.http.Cache-Control ~ "(?i)private|no-store|no-cache" ||
      beresp.http.Set-Cookie || beresp.http.Vary ~ "\*" ||
      std.integer(beresp.http.Content-Length, 0) > 67108864) {
    # remembered as "fetch it again" for a moment, so the next request goes straight to the gateway
    set beresp.uncacheable = true;
    set beresp.ttl = 5s;
    return (deliver);
  }
  # the TTL is the gateway's max-age (Varnish reads Cache-Control itself); no grace: an expired entry is never served
  set beresp.grace = 0s;
  set beresp.keep = 0s;
  return (deliver);
}

sub vcl_deliver {
  unset resp.http.X-Traydrop-Share;
  unset resp.http.Via;
  unset resp.http.X-Varnish;
  # Varnish sends Age with a cached response, so a browser or CDN downstream keeps it for max-age minus Age at most.
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}
