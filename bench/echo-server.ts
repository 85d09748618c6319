// The ceiling for `npm run bench:chat`: a bare socket.io server speaking the same events as Kefu's /visitor and
// /agent namespaces, with the same fan-out (ack to the sender, the message to the conversation room and to the
// agents' room), but no validation, no database and no business logic.
import http from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 0);
const server = http.createServer();
const io = new Server(server, { maxHttpBufferSize: 64 * 1024, pingInterval: 20_000 });
let seq = 0;

io.of("/agent").on("connection", (socket) => void socket.join("agents"));
io.of("/visitor").on("connection", (socket) => {
  const room = `conv:${socket.id}`;
  void socket.join(room);
  socket.emit("session", {
    visitorToken: "echo",
    conversationId: room,
    status: "agent",
    bot: { name: "echo", greeting: "" },
    messages: [],
  });
  socket.on("message", (payload: { clientId: string; text: string }, ack: (a: object) => void) => {
    const message = {
      id: `m${++seq}`,
      seq,
      conversationId: room,
      role: "visitor",
      text: payload.text,
      clientId: payload.clientId,
      createdAt: new Date().toISOString(),
    };
    ack({ ok: true, id: message.id, seq: message.seq, conversationId: room });
    io.of("/visitor").to(room).emit("message", message);
    io.of("/agent").to("agents").emit("message", message);
  });
});

server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address ? address.port : port}\n`);
});
process.on("SIGTERM", () => process.exit(0));
