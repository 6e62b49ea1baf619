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

/**
 * The HTTP benchmark's hello server on Netty 4.1 (NIO transport, as jasyncio's loop is a java.nio Selector):
 * the same bytes and the same connection handling as {@code io.jasyncio.benchmarks.HttpHello}:
 * read up to the blank line ending the headers, answer, close. Built only with the {@code netty}
 * profile ({@code mvn package -Pnetty -pl benchmarks}), which benchmarks/http-bench uses.
 *
 * <pre>
 * java -cp benchmarks.jar io.jasyncio.benchmarks.netty.NettyHello PORT [THREADS]
 * </pre>
 *
 * Binds 127.0.0.1 (port 0 picks a free one), runs THREADS event loops (default: Netty's, twice
 * the cores) that accept and serve, and prints {@code listening PORT} once ready.
 */
public final class NettyHello {
    private NettyHello() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        // One group: the listening channel's loop is one of the loops serving the connections, so
        // with one thread Netty runs as jasyncio does, accepting and serving on a single thread.
        EventLoopGroup group = new NioEventLoopGroup(threads);
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 100)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new Hello());
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("listening " + ((java.net.InetSocketAddress) ch.localAddress()).getPort());
            ch.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Scans for the end of the headers (no copy of the request), then answers and closes. */
    static final class Hello extends ChannelInboundHandlerAdapter {
        private int matched;
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (!answered && in.isReadable()) {
                    byte b = in.readByte();
                    matched = HttpHello.scanHeaders(matched, b);
                    if (matched == HttpHello.END_OF_HEADERS_FOUND) {
                        answered = true;
                        ctx.writeAndFlush(Unpooled.wrappedBuffer(HttpHello.ANSWER)).addListener(ChannelFutureListener.CLOSE);
                    }
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
