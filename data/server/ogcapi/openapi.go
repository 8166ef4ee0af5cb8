package ogcapi

import (
	"net/http"

	"wardmap/gis"
)

// openAPI serves the API definition (OpenAPI 3.0, Part 1's oas30 class):
// every path, and per collection its items path with the queryables as
// parameters (Part 3 requires them documented).
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) {
	if _, err := parseSimple(r.URL.RawQuery, []string{"json"}, false); err != nil {
		writeErr(w, err)
		return
	}
	writeJSON(w, 200, typeOpenAPI, h.openAPIDoc(h.base(r)))
}

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/" + name} }

func jsonResp(desc, ctype, schema string) obj {
	return obj{"description": desc, "content": obj{ctype: obj{"schema": ref("schemas/" + schema)}}}
}

func op(id, summary string, params []any, ok obj) obj {
	return obj{
		"operationId": id,
		"summary":     summary,
		"parameters":  params,
		"security":    []any{obj{}, obj{"bearer": []any{}}},
		"responses": obj{
			"200": ok,
			"400": ref("responses/Error"),
			"401": ref("responses/Error"),
			"404": ref("responses/Error"),
			"500": ref("responses/Error"),
		},
	}
}

func (h *Handler) openAPIDoc(base string) obj {
	f := ref("parameters/f")
	paths := obj{
		"/": obj{"get": op("getLandingPage", "Landing page", []any{f}, jsonResp("links to the API", typeJSON, "Any"))},
		"/conformance": obj{"get": op("getConformance", "Conformance classes", []any{f},
			jsonResp("the conformance classes implemented", typeJSON, "Any"))},
		"/api":         obj{"get": op("getAPI", "This document", []any{f}, jsonResp("the API definition", typeOpenAPI, "Any"))},
		"/collections": obj{"get": op("getCollections", "The collections the caller may read", []any{f}, jsonResp("collections", typeJSON, "Any"))},
	}
	for _, k := range gis.Kinds() {
		s := gis.MustLookup(k)
		id := string(k)
		p := "/collections/" + id
		params := []any{ref("parameters/limit"), ref("parameters/bbox"), ref("parameters/bbox-crs"), ref("parameters/datetime"),
			ref("parameters/crs"), ref("parameters/cursor"), f}
		for _, fd := range queryableFields(s) {
			params = append(params, obj{"name": fd.Name, "in": "query", "required": false, "style": "form", "explode": false,
				"description": "equal to (bằng): " + fd.Label.EN, "schema": fieldSchema(fd)})
		}
		if hasTDPFilter(s) {
			params = append(params, obj{"name": tdpParam, "in": "query", "required": false, "description": tdpSchema()["description"], "schema": obj{"type": "string"}})
		}
		paths[p] = obj{"get": op("describe-"+id, s.Label.EN+": the collection", []any{f}, jsonResp("the collection", typeJSON, "Any"))}
		paths[p+"/queryables"] = obj{"get": op("queryables-"+id, s.Label.EN+": queryables", []any{f}, jsonResp("queryables", typeSchema, "Any"))}
		paths[p+"/items"] = obj{"get": op("items-"+id, s.Label.EN+": features", params, jsonResp("a page of features", typeGeoJSON, "Any"))}
		paths[p+"/items/{featureId}"] = obj{"get": op("item-"+id, s.Label.EN+": one feature",
			[]any{obj{"name": "featureId", "in": "path", "required": true, "schema": obj{"type": "string"}}, ref("parameters/crs"), f},
			jsonResp("a feature", typeGeoJSON, "Any"))}
	}
	str := obj{"type": "string"}
	return obj{
		"openapi": "3.0.3",
		"info": obj{
			"title":       "wardmap OGC API – Features",
			"version":     "1.0.0",
			"description": "Sổ đăng ký của phường (the ward's registry). Limits: limit ≤ 1000 (default 100), one page ≤ 16 MiB; anonymous callers read only the public layers.",
		},
		"servers": []any{obj{"url": base}},
		"paths":   paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer", "description": "a session token from POST /api/v1/login"}},
			"schemas": obj{
				"Any":       obj{"type": "object"},
				"Exception": obj{"type": "object", "required": []any{"code"}, "properties": obj{"code": str, "description": str}},
			},
			"responses": obj{"Error": obj{"description": "an error", "content": obj{typeJSON: obj{"schema": ref("schemas/Exception")}}}},
			"parameters": obj{
				"f": obj{"name": "f", "in": "query", "required": false, "schema": obj{"type": "string", "enum": []any{"json", "geojson"}}},
				"limit": obj{"name": "limit", "in": "query", "required": false, "style": "form", "explode": false,
					"schema": obj{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}},
				"bbox": obj{"name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
					"schema": obj{"type": "array", "minItems": 4, "maxItems": 6, "items": obj{"type": "number"}}},
				"bbox-crs": obj{"name": "bbox-crs", "in": "query", "required": false, "schema": obj{"type": "string", "format": "uri", "enum": crsURIs()}},
				"datetime": obj{"name": "datetime", "in": "query", "required": false, "schema": str,
					"description": "on the updated time: an instant, a date or an interval a/b (.. for an open end)"},
				"crs":    obj{"name": "crs", "in": "query", "required": false, "schema": obj{"type": "string", "format": "uri", "enum": crsURIs()}},
				"cursor": obj{"name": "cursor", "in": "query", "required": false, "schema": obj{"type": "integer", "minimum": 0}, "description": "where the next link goes on from"},
			},
		},
	}
}
