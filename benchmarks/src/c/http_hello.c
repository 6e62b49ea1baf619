/*
 * The HTTP benchmark's floor: the hello server as one thread of epoll in C, with nothing between
 * the system calls but a scan for the blank line ending each request's headers. What it costs
 * per request is what the kernel costs per request; the other servers' costs above it are theirs.
 *
 *     cc -O2 -pthread -o http_hello http_hello.c && ./http_hello PORT [--close] [--loops N]
 *
 * Keep-alive by default: every request of a connection (read up to the blank line ending its
 * headers; requests that arrive together are all answered) gets the same bytes as the Java
 * servers' keep-alive answer, until the client closes. --close: one request per connection,
 * answered with the sample's bytes (no Content-Length), then closed. --loops N: N threads, each
 * with its own epoll and its own listening socket on the same port (SO_REUSEPORT: the kernel
 * spreads the connections), as the LoopGroup server does. --tls is not supported.
 * Binds 127.0.0.1 (port 0 picks a free one) and prints "listening PORT" once ready.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEADERS_START "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
#define HEADERS_END \
    "Access-Control-Allow-Origin: *\r\n" \
    "Access-Control-Allow-Methods: GET, POST, PUT, DELETE, OPTIONS\r\n" \
    "Access-Control-Allow-Headers: Content-Type\r\n\r\n"
#define BODY "Hello, world!"

static const char KEEP_ALIVE_ANSWER[] = HEADERS_START "Content-Length: 13\r\n" HEADERS_END BODY;
static const char ANSWER[] = HEADERS_START HEADERS_END BODY;
enum { BACKLOG = 100, MAX_EVENTS = 256, READ_SIZE = 65536 };

/* One connection: how much of "\r\n\r\n" the bytes read so far end with, and the answers not yet written. */
struct connection {
    int fd;
    int matched;
    size_t unwritten;      /* bytes of whole answers still to write */
    size_t first_offset;   /* how much of the first of them was written */
};

/* What each request gets, chosen once by the command line. */
static int answer_close;
static const char *answer = KEEP_ALIVE_ANSWER;
static size_t answer_size = sizeof KEEP_ALIVE_ANSWER - 1;

static void fail(const char *what) {
    perror(what);
    exit(1);
}

static void drop(struct connection *c) {
    close(c->fd);
    free(c);
}

/* Writes what is owed; 0 once all of it is written, 1 if the socket is full, -1 on error. */
static int flush(struct connection *c) {
    static __thread char batch[READ_SIZE];
    while (c->unwritten > 0) {
        /* The answers owed, as one buffer: the rest of the first, then whole ones. */
        size_t n = 0;
        size_t left = c->unwritten;
        size_t offset = c->first_offset;
        while (left > 0 && n + answer_size - offset <= sizeof batch) {
            memcpy(batch + n, answer + offset, answer_size - offset);
            n += answer_size - offset;
            left -= answer_size - offset;
            offset = 0;
        }
        ssize_t w = write(c->fd, batch, n);
        if (w < 0) {
            return errno == EAGAIN ? 1 : -1;
        }
        c->unwritten -= (size_t) w;
        c->first_offset = (c->first_offset + (size_t) w) % answer_size;
    }
    return 0;
}

/* Whether a connection is done after a flush that returned this. */
static int done_after(int flushed) {
    return flushed < 0 || (flushed == 0 && answer_close);
}

/* Reads what has arrived and owes an answer per request found; -1 once the connection is done. */
static int on_readable(struct connection *c) {
    static __thread char buffer[READ_SIZE];
    static const char end[] = "\r\n\r\n";
    for (;;) {
        ssize_t r = read(c->fd, buffer, sizeof buffer);
        if (r == 0) {
            return -1;
        }
        if (r < 0) {
            return errno == EAGAIN ? 0 : -1;
        }
        for (ssize_t i = 0; i < r; i++) {
            if (buffer[i] == end[c->matched]) {
                if (++c->matched == 4) {
                    c->matched = 0;
                    c->unwritten += answer_size;
                }
            } else {
                c->matched = buffer[i] == '\r' ? 1 : 0;
            }
        }
        if (c->unwritten > 0) {
            if (done_after(flush(c))) {
                return -1;
            }
        }
        if ((size_t) r < sizeof buffer) {
            return 0; /* the socket is drained: do not spend a read on learning so */
        }
    }
}

static int listen_on(uint16_t port, int reuse_port) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (listener < 0) fail("socket");
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (reuse_port && setsockopt(listener, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) fail("SO_REUSEPORT");
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *) &address, sizeof address) < 0) fail("bind");
    if (listen(listener, BACKLOG) < 0) fail("listen");
    return listener;
}

/* One loop: accepts on its listener and serves the connections it accepted, until killed. */
static void *serve(void *argument) {
    int listener = (int) (intptr_t) argument;
    int one = 1;
    int epoll = epoll_create1(0);
    if (epoll < 0) fail("epoll_create1");
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event) < 0) fail("epoll_ctl");
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int ready = epoll_wait(epoll, events, MAX_EVENTS, -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            fail("epoll_wait");
        }
        for (int i = 0; i < ready; i++) {
            struct connection *c = events[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct connection *accepted = calloc(1, sizeof *accepted);
                    if (accepted == NULL) fail("calloc");
                    accepted->fd = fd;
                    struct epoll_event in = {.events = EPOLLIN, .data.ptr = accepted};
                    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &in) < 0) fail("epoll_ctl");
                }
                continue;
            }
            int done;
            if (events[i].events & EPOLLOUT) {
                int flushed = flush(c);
                done = done_after(flushed);
                if (!done && flushed == 0) {
                    struct epoll_event in = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &in);
                }
            } else {
                done = on_readable(c) < 0;
                if (!done && c->unwritten > 0) {
                    /* The socket was full: wait until it is writable, reading nothing meanwhile. */
                    struct epoll_event out = {.events = EPOLLOUT, .data.ptr = c};
                    epoll_ctl(epoll, EPOLL_CTL_MOD, c->fd, &out);
                }
            }
            if (done) {
                drop(c); /* close() removes it from the epoll set */
            }
        }
    }
    return NULL; /* not reached: the loop serves until the process is killed */
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: http_hello PORT [--close] [--loops N]\n");
        return 2;
    }
    int loops = 1;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--close") == 0) {
            answer_close = 1;
            answer = ANSWER;
            answer_size = sizeof ANSWER - 1;
        } else if (strcmp(argv[i], "--loops") == 0 && i + 1 < argc) {
            loops = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--tls") == 0) {
            printf("unsupported: the C floor has no TLS\n");
            return 3;
        } else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (loops < 1) {
        fprintf(stderr, "--loops takes a count of at least 1\n");
        return 2;
    }
    int first = listen_on((uint16_t) atoi(argv[1]), loops > 1);
    struct sockaddr_in address;
    socklen_t length = sizeof address;
    if (getsockname(first, (struct sockaddr *) &address, &length) < 0) fail("getsockname");
    for (int i = 1; i < loops; i++) {
        pthread_t thread;
        int listener = listen_on(ntohs(address.sin_port), 1);
        if (pthread_create(&thread, NULL, serve, (void *) (intptr_t) listener) != 0) fail("pthread_create");
    }
    printf("listening %d\n", ntohs(address.sin_port));
    fflush(stdout);
    serve((void *) (intptr_t) first);
    return 0;
}
