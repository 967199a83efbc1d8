// Checks CSV files against their CSV on the Web metadata with Zazuko's
// CSVW parser (npm "@zazuko/rdf-parser-csvw"), which reads each file as
// the metadata's dialect and columns describe it and turns every cell into
// an RDF literal of the column's datatype, and rdf-validate-datatype, which
// says whether each literal is a valid value of that datatype. Guildhall
// wrote neither. The metadata document is read by @rdfjs/parser-jsonld.
//
// Usage: node csvw_check.mjs METADATA.json FILE.csv [METADATA.json FILE.csv ...]
// Prints one line per problem ("FILE: ...") and "checked=CELLS rows=ROWS";
// exits 1 when any file disagrees with its metadata.
import fs from 'node:fs';
import JsonLdParser from '@rdfjs/parser-jsonld';
import CsvwParser from '@zazuko/rdf-parser-csvw';
import rdf from '@rdfjs/dataset';
import { validateTerm } from 'rdf-validate-datatype';

const CSVW = 'http://www.w3.org/ns/csvw#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

// The W3C publishes the CSVW JSON-LD context at http://www.w3.org/ns/csvw;
// CI has no network, so the terms Guildhall's metadata uses are given here
// as that context defines them: names under the csvw# vocabulary, columns
// an ordered list, and a datatype's name the XSD type it stands for.
const context = {
  '@context': {
    '@vocab': CSVW,
    dc: 'http://purl.org/dc/terms/',
    xsd: XSD,
    columns: { '@id': CSVW + 'column', '@container': '@list' },
    titles: { '@id': CSVW + 'title', '@container': '@language' },
    datatype: { '@id': CSVW + 'datatype', '@type': '@vocab' },
    primaryKey: { '@id': CSVW + 'primaryKey' },
    string: XSD + 'string',
    decimal: XSD + 'decimal',
    integer: XSD + 'integer',
    date: XSD + 'date',
    dateTime: XSD + 'dateTime',
  },
};

function documentLoader() {
  return {
    load: async (url) => {
      if (url.replace(/#$/, '') === 'http://www.w3.org/ns/csvw') return context;
      throw new Error(`no network: cannot load ${url}`);
    },
  };
}

async function collect(stream) {
  const ds = rdf.dataset();
  for await (const q of stream) ds.add(q);
  return ds;
}

async function check(metadataPath, csvPath) {
  const problems = [];
  const jsonld = new JsonLdParser({ documentLoader: documentLoader() });
  const metadata = await collect(jsonld.import(fs.createReadStream(metadataPath)));
  if (metadata.size === 0) return { problems: [`${metadataPath}: the metadata says nothing`], cells: 0, rows: 0 };
  const parser = new CsvwParser({ metadata, baseIRI: 'http://guildhall.test/', timezone: 'UTC' });
  let cells = 0;
  const described = new Set();
  // A header cell that no column's titles match is read as a column of
  // its own, named by the header; the metadata's columns have their names.
  const names = new Set([...metadata].filter((q) => q.predicate.value === CSVW + 'name').map((q) => q.object.value));
  const unknown = new Set();
  try {
    for await (const q of parser.import(fs.createReadStream(csvPath))) {
      if (q.predicate.value === CSVW + 'describes') described.add(q.object.value);
      if (q.object.termType !== 'Literal' || !q.predicate.value.startsWith('http://guildhall.test/')) continue;
      cells++;
      const column = decodeURIComponent(q.predicate.value.split('#')[1]);
      if (!names.has(column) && !unknown.has(column)) {
        unknown.add(column);
        problems.push(`${csvPath}: the header "${column}" is not a column of the metadata`);
      }
      if (!validateTerm(q.object)) {
        problems.push(`${csvPath}: the value ${JSON.stringify(q.object.value)} in column "${column}" is not a valid ${q.object.datatype.value.replace(XSD, 'xsd:')}`);
      }
    }
  } catch (e) {
    problems.push(`${csvPath}: ${e.message}${e.stack.includes('Caused by') ? ': ' + e.stack.split('Caused by: ')[1].split('\n')[0] : ''}`);
  }
  return { problems, cells, rows: described.size };
}

const args = process.argv.slice(2);
let cells = 0;
let rows = 0;
let failed = false;
for (let i = 0; i + 1 < args.length; i += 2) {
  const r = await check(args[i], args[i + 1]);
  cells += r.cells;
  rows += r.rows;
  for (const p of r.problems) { console.log(p); failed = true; }
}
console.log(`checked=${cells} rows=${rows}`);
process.exit(failed ? 1 : 0);
