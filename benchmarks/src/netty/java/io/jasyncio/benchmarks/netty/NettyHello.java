package io.jasyncio.benchmarks.netty;

import io.jasyncio.benchmarks.HttpHello;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The HTTP benchmark's server on Netty 4.1 (NIO transport, as jasyncio's loop is a java.nio
 * Selector), with the same bytes and connection handling as {@code HttpHello}: keep-alive by
 * default, {@code --close} for connection per request, {@code --tls KEYSTORE} for TLS (the JDK's
 * {@code SSLEngine} in Netty's {@code SslHandler}, as jasyncio's TLS is). Built only with the
 * {@code netty} profile ({@code mvn package -Pnetty -pl benchmarks}), which benchmarks/http-bench
 * uses.
 *
 * <pre>
 * java -cp benchmarks.jar io.jasyncio.benchmarks.netty.NettyHello netty PORT [--close] [--loops N] [--tls KEYSTORE]
 * </pre>
 *
 * Binds 127.0.0.1 (port 0 picks a free one), runs N event loops (default 0: Netty's, twice the
 * cores) that accept and serve, and prints {@code listening PORT} once ready.
 */
public final class NettyHello {
    private NettyHello() {
    }

    public static void main(String[] args) throws Exception {
        HttpHello.Options o = HttpHello.Options.parse(args, 0);
        SSLContext tls = o.keyStore() == null ? null : HttpHello.sslContext(o.keyStore());
        // One group: the listening channel's loop is one of the loops serving the connections, so
        // with one thread Netty runs as jasyncio does, accepting and serving on a single thread.
        EventLoopGroup group = new NioEventLoopGroup(o.loops());
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, HttpHello.BACKLOG)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            if (tls != null) {
                                SSLEngine engine = tls.createSSLEngine();
                                engine.setUseClientMode(false);
                                c.pipeline().addLast(new SslHandler(engine));
                            }
                            c.pipeline().addLast(new Hello(o.close()));
                        }
                    })
                    .bind("127.0.0.1", o.port()).sync().channel();
            System.out.println("listening " + ((java.net.InetSocketAddress) ch.localAddress()).getPort());
            ch.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Scans for the end of each request's headers (no copy of the request), then answers. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        private final boolean close;
        private int matched;
        private boolean closing;

        Hello(boolean close) {
            this.close = close;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                int answers = 0;
                while (!closing && in.isReadable()) {
                    matched = HttpHello.scanHeaders(matched, in.readByte());
                    if (matched == HttpHello.END_OF_HEADERS_FOUND) {
                        matched = 0;
                        if (close) {
                            closing = true;
                            ctx.writeAndFlush(Unpooled.wrappedBuffer(HttpHello.ANSWER))
                                    .addListener(ChannelFutureListener.CLOSE);
                        } else {
                            answers++;
                        }
                    }
                }
                for (int i = 0; i < answers; i++) {
                    ctx.write(Unpooled.wrappedBuffer(HttpHello.KEEP_ALIVE_ANSWER));
                }
                if (answers > 0) {
                    ctx.flush();
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the client went away: only this connection is affected
        }
    }
}
