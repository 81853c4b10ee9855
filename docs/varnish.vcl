vcl 4.1;
#
# Varnish in front of Masthead app nodes, purged by surrogate key (docs/operations.md, "Edge
# cache"). Needs Varnish 6+ and the xkey vmod (Debian: `apt-get install varnish varnish-modules`).
# Set each node's EDGE_PURGE_URLS to this Varnish (e.g. http://varnish:6081): after every change a
# node purges its own page cache, then the keys the change touched here, so no stale copy of a
# page can be fetched back from a node that had not purged yet.
#
# Replace the two backends with your nodes (add more to the director); src/web/edge-cache.test.ts
# runs this file with its ports substituted.

import directors;
import xkey;

backend node1 {
    .host = "127.0.0.1";
    .port = "3001";
    .probe = { .url = "/healthz"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }
}

backend node2 {
    .host = "127.0.0.1";
    .port = "3002";
    .probe = { .url = "/healthz"; .interval = 1s; .timeout = 1s; .window = 3; .threshold = 2; }
}

# Who may purge: the app nodes' addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(node1);
    nodes.add_backend(node2);
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # A hard purge: the next reader gets the page as it is now, not a stale copy in grace.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }

    # Signed-in and per-reader traffic, the API (keys, rate limits) and search results go to the
    # nodes every time; everything else is the same for every reader, so its cookies are dropped.
    if (req.url ~ "^/(admin|account|api/|v/|search|newsletter|ads/|healthz|metrics)") {
        return (pass);
    }
    if (req.method == "GET" || req.method == "HEAD") {
        unset req.http.Cookie;
    }
}

sub vcl_backend_response {
    # xkey reads its keys from the `xkey` header; Masthead names them in Surrogate-Key.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
}

sub vcl_deliver {
    # Readers need none of these.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
