#!/usr/bin/env python3
"""Seeds a running broker through its HTTP API for the browser test (standard library only).

Publishes pacts (with provider states and matching rules), verification results (successes and
failures), environments with deployments and releases, a pacticipant whose name is markup, a
provider with two OpenAPI documents (provider contracts) whose consumers read some of its fields,
and a network of 200 services in tiers (front ends -> services -> back ends) with a fixed random
seed.
Usage: seed.py BASE_URL
"""

import base64
import json
import random
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Accept", "application/hal+json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        raise SystemExit(f"seed: {method} {path} -> {e.code}: {e.read().decode()[:500]}")


def seg(text):
    return urllib.parse.quote(text, safe="")


def pact(consumer, provider, interactions):
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def user_interaction(name="Alice", with_email=True):
    body = {"id": 42, "name": name, "roles": [{"name": "admin", "since": "2024-01-01"}]}
    rules = {
        "$.id": {"matchers": [{"match": "integer"}]},
        "$.name": {"matchers": [{"match": "type"}]},
        "$.roles": {"matchers": [{"match": "type", "min": 1}]},
        "$.roles[*].since": {"matchers": [{"match": "date", "format": "yyyy-MM-dd"}]},
    }
    if with_email:
        body["email"] = "alice@example.com"
        rules["$.email"] = {"matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]}
    return {
        "description": "a request for user 42",
        "providerStates": [{"name": "user 42 exists", "params": {"id": 42}}],
        "request": {"method": "GET", "path": "/users/42", "headers": {"Accept": "application/json"}},
        "response": {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": body,
            "matchingRules": {
                "body": rules,
                "header": {"Content-Type": {"matchers": [{"match": "regex", "regex": "application/json.*"}]}},
            },
        },
    }


def missing_user_interaction():
    return {
        "description": "a request for a missing user",
        "providerStates": [{"name": "no user 99"}],
        "request": {"method": "GET", "path": "/users/99"},
        "response": {"status": 404},
    }


def publish(consumer, version, provider, interactions, branch=None, tags=()):
    content = base64.b64encode(json.dumps(pact(consumer, provider, interactions)).encode()).decode()
    body = {
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "tags": list(tags),
        "contracts": [
            {
                "consumerName": consumer,
                "providerName": provider,
                "specification": "pact",
                "contentType": "application/json",
                "content": content,
            }
        ],
    }
    if branch:
        body["branch"] = branch
    call("POST", "/contracts/publish", body)


def verify(provider, consumer, version, provider_version, success):
    _, doc = call("GET", f"/pacts/provider/{seg(provider)}/consumer/{seg(consumer)}/version/{seg(version)}")
    href = doc["_links"]["pb:publish-verification-results"]["href"]
    path = urllib.parse.urlparse(href).path
    call("POST", path, {"success": success, "providerApplicationVersion": provider_version,
                        "buildUrl": "http://ci.example/build/7"})


def environment(name, production):
    _, doc = call("POST", "/environments", {"name": name, "displayName": name.title(), "production": production})
    return doc["uuid"]


def deploy(pacticipant, version, env_uuid, released=False):
    kind = "released-versions" if released else "deployed-versions"
    call("POST", f"/pacticipants/{seg(pacticipant)}/versions/{seg(version)}/{kind}/environment/{env_uuid}", {})


def account_document(version, email_field, with_nickname, with_status):
    """AccountService's OpenAPI document: GET /accounts/{id} answers an account."""
    properties = {"id": {"type": "integer"}, "name": {"type": "string"}, email_field: {"type": "string"}}
    if with_nickname:
        properties["nickname"] = {"type": "string"}
    if with_status:
        properties["status"] = {"type": "string"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "AccountService", "version": version},
        "paths": {"/accounts/{id}": {"get": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
            "responses": {
                "200": {"description": "an account", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["id", "name"], "properties": properties}}}},
                "404": {"description": "no such account"},
            },
        }}},
    }


def publish_openapi(provider, version, document):
    content = base64.b64encode(json.dumps(document).encode()).decode()
    call("PUT", f"/contracts/provider/{seg(provider)}/version/{seg(version)}", {
        "content": content, "contractType": "oas", "contentType": "application/json", "branch": "main",
        "verificationResults": {"success": True, "content": base64.b64encode(b"ok").decode(),
                                "contentType": "text/plain", "verifier": "schemathesis"},
    })


def account_interaction(description, account_id, body, rules):
    return {
        "description": description,
        "request": {"method": "GET", "path": f"/accounts/{account_id}"},
        "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body,
                     "matchingRules": {"body": rules}},
    }


def seed_api_evolution(production):
    """AccountService publishes 1.0.0, its consumers read fields, then 1.1.0 renames `email`
    (breaks AccountsWeb, which reads it), drops `nickname` (nobody reads it: safe) and adds
    `status` (non-breaking). AccountsBatch's pact is on a feature branch: not in use today."""
    publish_openapi("AccountService", "1.0.0", account_document("1.0.0", "email", True, False))
    publish("AccountsWeb", "4.0.0", "AccountService", [account_interaction(
        "a request for account 42", 42, {"id": 42, "email": "ann@example.com"},
        {"$.id": {"matchers": [{"match": "integer"}]},
         "$.email": {"matchers": [{"match": "regex", "regex": "^\\S+@\\S+$"}]}})], branch="main")
    publish("AccountsMobile", "9.1", "AccountService", [account_interaction(
        "a request for account 7", 7, {"name": "Carol"},
        {"$.name": {"matchers": [{"match": "type"}]}})], branch="release-9")
    deploy("AccountsMobile", "9.1", production, released=True)
    publish("AccountsBatch", "0.1.0", "AccountService", [account_interaction(
        "a request for account 1", 1, {"nickname": "zed"}, {})], branch="feature-nicknames")
    publish_openapi("AccountService", "1.1.0", account_document("1.1.0", "emailAddress", False, True))


def main():
    # The story the page checks rely on.
    publish("WebApp", "1.0.0", "UserService", [user_interaction("Alice")], branch="main")
    publish("WebApp", "1.1.0", "UserService", [user_interaction("Bob"), missing_user_interaction()], branch="main")
    publish("MobileApp", "3.2.0", "UserService", [user_interaction("Carol", with_email=False)], branch="release")
    publish("WebApp", "1.1.0", "OrderService", [missing_user_interaction()], branch="main")
    verify("UserService", "WebApp", "1.1.0", "2.4.0", True)
    verify("UserService", "MobileApp", "3.2.0", "2.4.1", False)
    production = environment("production", True)
    staging = environment("staging", False)
    deploy("UserService", "2.4.0", production)
    deploy("WebApp", "1.1.0", production)
    deploy("UserService", "2.4.1", staging)
    deploy("MobileApp", "3.2.0", production, released=True)
    # A pacticipant whose name is markup: it must show as text.
    publish("<script>alert(1)</script>", "1", "UserService", [missing_user_interaction()])
    seed_api_evolution(production)

    # A network of 200 services in three tiers.
    rng = random.Random(614)
    fronts = [f"front-{i:02d}" for i in range(30)]
    services = [f"svc-{name}-{i:02d}" for i, name in enumerate(
        (["accounts", "billing", "catalog", "checkout", "search", "shipping", "pricing", "reviews", "media"] * 10)[:90])]
    backs = [f"store-{i:02d}" for i in range(80)]
    edges = set()
    for f in fronts:
        for s in rng.sample(services, rng.randint(2, 4)):
            edges.add((f, s))
    for i, s in enumerate(services):
        for b in rng.sample(backs, rng.randint(1, 3)):
            edges.add((s, b))
        if i % 6 == 0:
            edges.add((s, services[(i * 7 + 5) % len(services)]))
    for b in backs:
        if not any(p == b for _, p in edges):
            edges.add((rng.choice(services), b))
    for n, (consumer, provider) in enumerate(sorted(edges)):
        if consumer == provider:
            continue
        publish(consumer, "1.0.0", provider, [missing_user_interaction()])
        roll = rng.random()
        if roll < 0.75:
            verify(provider, consumer, "1.0.0", "1.0.0", True)
        elif roll < 0.85:
            verify(provider, consumer, "1.0.0", "1.0.0", False)
    # A few more pacticipants than integrations need: 200 services plus the story's five.
    print(f"seeded {len(edges)} integrations between {len(fronts) + len(services) + len(backs)} services")


if __name__ == "__main__":
    main()
