// Checks CSV files against their Frictionless Table Schemas with
// tableschema-js (npm "tableschema"), a validator Guildhall did not write.
// Usage: node tableschema_check.js SCHEMA.json FILE.csv [SCHEMA.json FILE.csv ...]
// Prints one line per problem ("FILE: row N: message") and "checked=ROWS";
// exits 1 when the schema itself is invalid or any row breaks it.
'use strict';
const fs = require('fs');
const {Schema, Table} = require('tableschema');

async function check(schemaPath, csvPath) {
  const descriptor = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const schema = await Schema.load(descriptor, {strict: false});
  const problems = schema.errors.map((e) => `${schemaPath}: schema: ${e.message}`);
  if (!schema.valid) return {problems, rows: 0};
  const table = await Table.load(csvPath, {schema: descriptor, headers: 1});
  // forceCast turns a bad row into an Error carrying every cell's problem,
  // so one run reports them all instead of stopping at the first.
  const rows = await table.read({cast: true, forceCast: true});
  const header = table.headers || [];
  const names = schema.fieldNames;
  if (header.join('\u0000') !== names.join('\u0000')) {
    problems.push(`${csvPath}: header ${JSON.stringify(header)} is not the schema's ${JSON.stringify(names)}`);
  }
  for (const row of rows) {
    if (!(row instanceof Error)) continue;
    for (const e of row.errors || [row]) problems.push(`${csvPath}: row ${row.rowNumber}: ${e.message}`);
  }
  return {problems, rows: rows.length};
}

(async () => {
  const args = process.argv.slice(2);
  let rows = 0;
  let failed = false;
  for (let i = 0; i + 1 < args.length; i += 2) {
    const r = await check(args[i], args[i + 1]);
    rows += r.rows;
    for (const p of r.problems) { console.log(p); failed = true; }
  }
  console.log(`checked=${rows}`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log(`error: ${e.stack || e}`); process.exit(1); });
