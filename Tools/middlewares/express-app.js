// The probe app behind express + cors (Debian's node-express and node-cors), for capture.py.
//     node express-app.js CONFIGURATION PORT
// Listens on 127.0.0.1:PORT. The configuration code capture.py records in the fixture is the
// text between the "config NAME begin" and "config NAME end" lines, verbatim.
'use strict';
const express = require('express');
const cors = require('cors');

const [configuration, port] = process.argv.slice(2);
const app = express();

if (configuration === 'default') {
  // config default begin
  app.use(cors());
  // config default end
} else if (configuration === 'allowlist') {
  // config allowlist begin
  app.use(cors({
    origin: ['https://app.example', 'https://admin.app.example'],
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-Custom'],
    exposedHeaders: ['X-Total'],
    maxAge: 600,
  }));
  // config allowlist end
} else {
  console.error(`unknown configuration ${configuration}`);
  process.exit(2);
}

// The app: /data answers 200 to GET/POST/PUT/DELETE, /private 401, /error 500; anything else
// is express's own 404 (and express's own answer to an OPTIONS that reaches the router).
app.get('/data', (req, res) => res.send('ok'));
app.post('/data', (req, res) => res.send('ok'));
app.put('/data', (req, res) => res.send('ok'));
app.delete('/data', (req, res) => res.send('ok'));
app.get('/private', (req, res) => res.status(401).send('unauthorized'));
app.get('/error', (req, res) => res.status(500).send('error'));

app.listen(Number(port), '127.0.0.1');
