"""One POST through Python's own http.client, the way the official Python SDK's do_post sends it:
HTTPSConnection without certificate checks, and the FULL URL handed to request(), so the request
line is in absolute form. Reads {host, port, url, headers, body} as JSON on stdin; writes
{status, headers, body} with the header names exactly as getheaders() returns them."""
import http.client
import json
import ssl
import sys

spec = json.load(sys.stdin)
connection = http.client.HTTPSConnection(spec["host"], spec["port"], timeout=15, context=ssl._create_unverified_context())
connection.request("POST", spec["url"], body=spec["body"].encode("utf-8"), headers=dict(spec["headers"]))
response = connection.getresponse()
answer = {"status": response.status, "headers": response.getheaders(), "body": response.read().decode("utf-8")}
connection.close()
json.dump(answer, sys.stdout)
