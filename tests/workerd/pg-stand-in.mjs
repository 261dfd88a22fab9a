// Just enough of the PostgreSQL wire protocol to see what a client sends at
// login: it reads the StartupMessage, asks for a cleartext password (as RDS
// does for IAM users), records the PasswordMessage and ends the login with
// an ErrorResponse. No TLS: workerd cannot be told to trust a test CA.
import net from "node:net";

function message(type, body) {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function cstrings(buffer) {
  return buffer.toString("utf8").split("\0");
}

export async function pgStandIn() {
  const logins = [];
  const server = net.createServer((socket) => {
    let data = Buffer.alloc(0);
    let login = null;
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (!login) {
        if (data.length < 8 || data.length < data.readInt32BE(0)) return;
        const length = data.readInt32BE(0);
        const code = data.readInt32BE(4);
        if (code === 80877103) {
          // SSLRequest: no TLS here.
          data = data.subarray(length);
          socket.write("N");
          return;
        }
        const fields = cstrings(data.subarray(8, length));
        login = { protocol: code, params: Object.fromEntries(fields.flatMap((v, i, a) => (i % 2 ? [] : [[v, a[i + 1]]])).filter(([k]) => k)) };
        data = data.subarray(length);
        const ask = Buffer.alloc(4);
        ask.writeInt32BE(3); // AuthenticationCleartextPassword
        socket.write(message("R", ask));
      }
      if (data.length >= 5 && data.length >= data.readInt32BE(1) + 1 && data.subarray(0, 1).toString() === "p") {
        const length = data.readInt32BE(1);
        login.password = cstrings(data.subarray(5, length + 1))[0];
        logins.push(login);
        const fields = Buffer.from("SFATAL\0C28000\0Mstand-in ends the login here\0\0");
        socket.end(message("E", fields));
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    logins,
    close: () => new Promise((resolve) => { server.close(resolve); }),
  };
}
