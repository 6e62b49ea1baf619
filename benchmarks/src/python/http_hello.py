"""The HTTP benchmark's server in Python asyncio (standard library only), as HttpHello serves.

    python3 http_hello.py PORT [--close] [--tls CERT.pem KEY.pem]

Keep-alive by default: each request of a connection is read up to the blank line ending its
headers (StreamReader.readuntil) and answered with the same bytes as the Java servers'
keep-alive answer, which has a Content-Length, until the client closes. --close: one request per
connection, answered with the sample's bytes (no Content-Length), then closed. --tls: asyncio's
TLS (ssl=) with this certificate and key. Binds 127.0.0.1 (port 0 picks a free one) and prints
"listening PORT" once ready.
"""

import asyncio
import ssl
import sys

HEADERS = (b"Content-Type: text/plain\r\n",
           b"Access-Control-Allow-Origin: *\r\n"
           b"Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n"
           b"Access-Control-Allow-Headers: Content-Type\r\n\r\n")
BODY = b"Hello, world!"
ANSWER = b"HTTP/1.1 200 OK\r\n" + HEADERS[0] + HEADERS[1] + BODY
KEEP_ALIVE_ANSWER = (b"HTTP/1.1 200 OK\r\n" + HEADERS[0] + b"Content-Length: %d\r\n" % len(BODY)
                     + HEADERS[1] + BODY)
BACKLOG = 100


async def keep_alive(reader, writer):
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(KEEP_ALIVE_ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass  # the client closed (or reset) its connection between requests
    finally:
        writer.close()


async def answer_and_close(reader, writer):
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(ANSWER)
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(argv):
    port = int(argv[0])
    close = "--close" in argv
    context = None
    if "--tls" in argv:
        i = argv.index("--tls")
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(argv[i + 1], argv[i + 2])
    server = await asyncio.start_server(answer_and_close if close else keep_alive, "127.0.0.1", port,
                                        backlog=BACKLOG, ssl=context)
    print("listening", server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main(sys.argv[1:]))
    except KeyboardInterrupt:
        pass
