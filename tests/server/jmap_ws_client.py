#!/usr/bin/python3
"""A JMAP-over-WebSocket client (RFC 8887) for the serve tests, on the third-party `websockets`
library (Debian python3-websockets). Prints one JSON object per line describing what it saw.

usage: jmap_ws_client.py SCENARIO WS_URL HTTP_BASE USER PASSWORD [CA_FILE]
(CA_FILE: the certificate to trust for wss:// URLs)
scenarios: echo, push, unauthenticated, wrong-password, wrong-protocol, hold
"""
import asyncio
import base64
import json
import ssl
import sys
import urllib.request

import websockets

CORE = "urn:ietf:params:jmap:core"


def report(**fields):
    print(json.dumps(fields), flush=True)


def auth_header(user, password):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def upload(http_base, user, password, account_id, data):
    request = urllib.request.Request(
        f"{http_base}/jmap/upload/{account_id}/", data=data, method="POST",
        headers={**auth_header(user, password), "Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


async def receive(socket):
    return json.loads(await asyncio.wait_for(socket.recv(), timeout=10))


async def echo(url, http_base, user, password, tls=None):
    async with websockets.connect(url, subprotocols=["jmap"], ssl=tls,
                                  extra_headers=auth_header(user, password)) as socket:
        report(event="open", subprotocol=socket.subprotocol)
        await socket.send(json.dumps({
            "@type": "Request", "id": "r1", "using": [CORE],
            "methodCalls": [["Core/echo", {"hello": "wörld"}, "c1"],
                            ["Core/echo", {"#again": {"resultOf": "c1", "name": "Core/echo",
                                                      "path": "/hello"}}, "c2"]]}))
        report(event="message", message=await receive(socket))
        await socket.send("{not json")
        report(event="message", message=await receive(socket))
        await socket.send(json.dumps({"@type": "Request", "id": "r2", "using": ["urn:x"],
                                      "methodCalls": []}))
        report(event="message", message=await receive(socket))
        await socket.send(json.dumps({"@type": "Request", "using": [CORE],
                                      "methodCalls": [["Core/echo", {}, "c"]]}))
        report(event="message", message=await receive(socket))
        # Fragmented by the library: a message in several frames.
        await socket.send(iter(['{"@type":"Request","id":"r3",', '"using":["' + CORE + '"],',
                                '"methodCalls":[["Core/echo",{"n":3},"c"]]}']))
        report(event="message", message=await receive(socket))
        await socket.close()
        report(event="closed", code=socket.close_code)


async def request(socket, request_id):
    """Core/echo round trip: when it is answered, every earlier message was processed."""
    await socket.send(json.dumps({"@type": "Request", "id": request_id, "using": [CORE],
                                  "methodCalls": [["Core/echo", {}, "c"]]}))
    return await receive(socket)


async def push(url, http_base, user, password):
    async with websockets.connect(url, subprotocols=["jmap"],
                                  extra_headers=auth_header(user, password)) as socket:
        session_request = urllib.request.Request(f"{http_base}/.well-known/jmap",
                                                 headers=auth_header(user, password))
        with urllib.request.urlopen(session_request, timeout=10) as answer:
            session = json.loads(answer.read())
        account_id = session["primaryAccounts"][CORE]
        await socket.send(json.dumps({"@type": "WebSocketPushEnable", "dataTypes": None}))
        report(event="message", message=await request(socket, "sync1"))
        blob = upload(http_base, user, password, account_id, b"first upload")
        report(event="uploaded", blob=blob)
        report(event="message", message=await receive(socket))
        await socket.send(json.dumps({"@type": "WebSocketPushDisable"}))
        report(event="message", message=await request(socket, "sync2"))
        upload(http_base, user, password, account_id, b"second upload")
        # With pushes off the next two messages are the answers; a StateChange would come right
        # after the first answer, before the second.
        for request_id in ("after1", "after2"):
            report(event="message", message=await request(socket, request_id))
        # A stale pushState gets the current state at once.
        await socket.send(json.dumps({"@type": "WebSocketPushEnable", "dataTypes": ["Blob"],
                                      "pushState": "0"}))
        report(event="message", message=await receive(socket))
        await socket.close()


async def expect_refusal(url, user, password, subprotocols, with_auth):
    headers = auth_header(user, password) if with_auth else {}
    try:
        async with websockets.connect(url, subprotocols=subprotocols, extra_headers=headers):
            report(event="open")
    except websockets.exceptions.InvalidStatusCode as error:
        report(event="refused", status=error.status_code,
               configured_header=error.headers.get("X-Configured"))


async def hold(url, http_base, user, password):
    async with websockets.connect(url, subprotocols=["jmap"], ping_interval=None,
                                  extra_headers=auth_header(user, password)) as socket:
        report(event="open")
        try:
            await asyncio.wait_for(socket.recv(), timeout=60)
        except websockets.exceptions.ConnectionClosed:
            pass
        report(event="closed", code=socket.close_code, reason=socket.close_reason)


def main():
    scenario, url, http_base, user, password = sys.argv[1:6]
    tls = ssl.create_default_context(cafile=sys.argv[6]) if len(sys.argv) > 6 else None
    if scenario == "echo":
        asyncio.run(echo(url, http_base, user, password, tls))
    elif scenario == "push":
        asyncio.run(push(url, http_base, user, password))
    elif scenario == "unauthenticated":
        asyncio.run(expect_refusal(url, user, password, ["jmap"], False))
    elif scenario == "wrong-password":
        asyncio.run(expect_refusal(url, user, password, ["jmap"], True))
    elif scenario == "wrong-protocol":
        asyncio.run(expect_refusal(url, user, password, ["chat"], True))
    elif scenario == "hold":
        asyncio.run(hold(url, http_base, user, password))
    else:
        sys.exit(f"unknown scenario {scenario}")


if __name__ == "__main__":
    main()
