"""Parse Guildhall's DCAT catalogue with rdflib, a parser Guildhall did not
write: the Turtle and the JSON-LD must parse, describe the same graph, and
hold what a DCAT harvester reads. Prints one line per check that fails."""
import sys

import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")

ttl = rdflib.Graph().parse(sys.argv[1], format="turtle")
jsonld = rdflib.Graph().parse(sys.argv[2], format="json-ld")
want = int(sys.argv[3])
problems = []
if not isomorphic(ttl, jsonld):
    problems.append("the Turtle and JSON-LD describe different graphs (%d and %d triples)" % (len(ttl), len(jsonld)))
catalogs = list(ttl.subjects(RDF.type, DCAT.Catalog))
datasets = list(ttl.subjects(RDF.type, DCAT.Dataset))
if len(catalogs) != 1:
    problems.append("%d catalogues" % len(catalogs))
if len(datasets) != want:
    problems.append("%d datasets, want %d" % (len(datasets), want))
for ds in datasets:
    for p in (DCT.title, DCT.description, DCT.publisher, DCT.identifier, DCAT.distribution):
        if ttl.value(ds, p) is None:
            problems.append("%s has no %s" % (ds, p))
    for dist in ttl.objects(ds, DCAT.distribution):
        if ttl.value(dist, DCAT.downloadURL) is None or ttl.value(dist, DCAT.mediaType) is None:
            problems.append("%s lacks downloadURL or mediaType" % dist)
print("\n".join(problems))
print("triples=%d datasets=%d" % (len(ttl), len(datasets)), file=sys.stderr)
