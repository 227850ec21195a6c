"""The OpenAPI 3.0 document of the JSON API (served at /api/openapi.json)."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.kinds import KIND_VALUES, STATEMENT_STATUSES, STATEMENT_VALUES
from search_app.facets import FACET_LIST, FACETS, KEYWORDS
from search_app.search import MAX_PAGE, MAX_SIZE


def _param(
    name: str,
    description: str,
    schema: dict,
    *,
    where: str = "query",
    required: bool = False,
    repeat: bool = False,
) -> dict:
    if repeat:
        schema = {"type": "array", "items": schema}
    out = {"name": name, "in": where, "required": required, "description": description, "schema": schema}
    if repeat:
        out.update(style="form", explode=True)
    return out


STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
PAGE = _param(
    "page", f"页码（1–{MAX_PAGE}）", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}
)
FROM = _param("from", "起始日期 YYYY-MM-DD（含）", DATE)
TO = _param("to", "截止日期 YYYY-MM-DD（含）", DATE)

SEARCH_PARAMS = [
    _param(
        "q",
        '查询：词语（全部须出现）、"短语"、OR、-排除、title:/unit:/person: 字段；'
        + "；".join(f"{k.name}:发文字号 {k.description}" for k in KEYWORDS.values()),
        STRING,
    ),
    *[
        _param(
            f.name,
            f"{f.description}，可重复",
            {**STRING, "enum": list(f.choices)} if f.choices else STRING,
            repeat=True,
        )
        for f in FACET_LIST
    ],
    FROM,
    TO,
    _param(
        "sort",
        "排序：relevance 相关度，-date 新→旧，date 旧→新",
        {"type": "string", "enum": ["relevance", "-date", "date"], "default": "relevance"},
    ),
    PAGE,
    _param(
        "size",
        f"每页条数（1–{MAX_SIZE}）",
        {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": 10},
    ),
]

AS_OF = _param("as_of", "判断到期与逾期的日期（默认今天）", {"type": "string", "format": "date"})
STATEMENT_PARAMS = [
    _param("q", "表态内容中的关键词（空格分隔，全部包含）", STRING),
    _param("unit", "单位（含下级单位）", STRING),
    _param("type", "表态类型", {"type": "string", "enum": list(STATEMENT_VALUES)}),
    _param("status", "承诺状态", {"type": "string", "enum": list(STATEMENT_STATUSES)}),
    _param("sort", "排序", {"type": "string", "enum": ["date", "deadline", "unit"], "default": "date"}),
    FROM,
    TO,
    AS_OF,
    PAGE,
    _param("size", "每页条数（1–1000）", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}),
]


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict) -> dict:
    return {"type": "array", "items": items}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_INT = {"type": "integer", "nullable": True}

SCHEMAS = {
    "Error": _object(
        {
            "error": {"type": "string", "description": "中文说明"},
            "parameter": {"type": "string", "nullable": True, "description": "出错的参数"},
        }
    ),
    "Issue": _object({"series": NULLABLE_STRING, "number": NULLABLE_INT, "date": NULLABLE_STRING}),
    "FacetValue": _object({"value": STRING, "count": {"type": "integer"}}),
    "Suggestion": _object(
        {
            "kind": {"type": "string", "enum": ["unit", "person"]},
            "value": STRING,
            "count": {"type": "integer", "description": "文章数"},
            "query": {"type": "string", "description": "检索它的查询，如 unit:东昌府区"},
            "label": STRING,
        }
    ),
    "Suggestions": _object({"query": STRING, "suggestions": _array(_ref("Suggestion"))}),
    "Target": _object(
        {
            "number": {"type": "number", "nullable": True},
            "measure": NULLABLE_STRING,
            "deadline": {
                "type": "string",
                "nullable": True,
                "description": "时限原文：年内、2020年底、6月底前",
            },
            "text": {"type": "string", "nullable": True, "description": "目标原文"},
            "due": {"type": "string", "nullable": True, "format": "date", "description": "时限对应的日期"},
        }
    ),
    "FollowUp": _object(
        {
            "article_id": STRING,
            "title": STRING,
            "date": NULLABLE_STRING,
            "matched": _array(STRING),
            "target": STRING,
            "evidence": {"type": "string", "description": "已转义的 HTML，命中词以 <mark> 标出"},
            "reports_progress": {"type": "boolean", "description": "证据中写有进展（已完成、累计……）"},
        }
    ),
    "Citation": _object(
        {
            "doc_number": {
                "type": "string",
                "nullable": True,
                "description": "被引文件的发文字号（规范形式）",
            },
            "title": {"type": "string", "nullable": True, "description": "书名号内的标题"},
            "relation": {"type": "string", "description": "引用的动词：转发、印发、根据……，否则 cites"},
        }
    ),
    "Gongwen": _object(
        {
            "doc_number": {"type": "string", "nullable": True, "description": "发文字号"},
            "issuer": {"type": "string", "nullable": True, "description": "发文机关"},
            "signed_date": {"type": "string", "nullable": True, "format": "date", "description": "成文日期"},
            "recipients": _object({"main": _array(STRING), "cc": _array(STRING)}),
            "printed": _object({"by": NULLABLE_STRING, "date": NULLABLE_STRING}),
            "signer": {"type": "string", "nullable": True, "description": "签发人"},
            "classification": _object({"level": NULLABLE_STRING, "period": NULLABLE_STRING}),
            "urgency": {"type": "string", "nullable": True, "description": "紧急程度"},
            "copy_number": {"type": "string", "nullable": True, "description": "份号"},
            "attachments": _array(STRING),
        }
    ),
    "Hit": _object(
        {
            "id": STRING,
            "title": STRING,
            "date": NULLABLE_STRING,
            "kind": {"type": "string", "enum": list(KIND_VALUES)},
            "doc_number": {
                "type": "string",
                "nullable": True,
                "description": "公文的发文字号，如 国办发〔2019〕3号",
            },
            "units": _array(STRING),
            "issue": _ref("Issue"),
            "source": _object({"path": STRING, "page": NULLABLE_INT}),
            "snippet": {"type": "string", "description": "已转义的 HTML，命中词以 <mark> 标出"},
            "versions": _array(_object({"path": STRING, "format": NULLABLE_STRING})),
            "score": {"type": "number", "nullable": True},
        }
    ),
    "SearchResult": _object(
        {
            "query": STRING,
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "hits": _array(_ref("Hit")),
            "facets": {
                "type": "object",
                "additionalProperties": _array(_ref("FacetValue")),
                "description": "、".join(FACETS) + " 各自的取值与计数",
            },
        }
    ),
    "Statement": _object(
        {
            "article_id": STRING,
            "title": STRING,
            "date": NULLABLE_STRING,
            "type": {"type": "string", "enum": list(STATEMENT_VALUES)},
            "speaker": NULLABLE_STRING,
            "unit": NULLABLE_STRING,
            "text": STRING,
            "targets": _array(_ref("Target")),
            "addressees": _array(STRING),
            "due": {"type": "string", "nullable": True, "format": "date"},
            "status": {"type": "string", "nullable": True, "enum": [*STATEMENT_STATUSES, None]},
            "follow_ups": _array(_ref("FollowUp")),
            "issue": _ref("Issue"),
            "source": _object({"path": STRING, "page": NULLABLE_INT}),
        }
    ),
    "StatementPage": _object(
        {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "as_of": {"type": "string", "format": "date"},
            "statements": _array(_ref("Statement")),
        }
    ),
    "Scorecard": _object(
        {
            "unit": STRING,
            "as_of": {"type": "string", "format": "date"},
            "commitments": {"type": "integer"},
            "not_due": {"type": "integer"},
            "no_deadline": {"type": "integer", "description": "无期限的承诺"},
            "due": {"type": "integer"},
            "overdue": {"type": "integer"},
            "with_follow_ups": {"type": "integer"},
            "statements": _array(_ref("Statement")),
        }
    ),
    "Article": _object(
        {
            "id": STRING,
            "title": STRING,
            "text": STRING,
            "date": NULLABLE_STRING,
            "kind": {"type": "string"},
            "units": _array(_object({"name": STRING, "normalized": STRING})),
            "officials": _array(_object({"name": STRING, "position": NULLABLE_STRING})),
            "grids": _array({"type": "integer"}),
            "statements": _array(
                _object(
                    {
                        "type": STRING,
                        "speaker": NULLABLE_STRING,
                        "unit": NULLABLE_STRING,
                        "text": STRING,
                        "targets": _array(_ref("Target")),
                    }
                )
            ),
            "issue": _ref("Issue"),
            "source": _object({"path": STRING, "sha256": STRING, "format": STRING, "page": NULLABLE_INT}),
            "cites": _array(_ref("Citation")),
            "document": {**_ref("Gongwen"), "description": "所属公文的要素（非公文为空值）"},
            "issue_articles": _array(_object({"id": STRING, "title": STRING})),
            "more_like_this": _array(_object({"id": STRING, "title": STRING, "date": NULLABLE_STRING})),
            "cites_held": _array(
                _object(
                    {
                        "doc_number": STRING,
                        "id": STRING,
                        "title": STRING,
                        "date": NULLABLE_STRING,
                        "kind": STRING,
                    }
                )
            ),
            "cited_by": _array(
                _object(
                    {
                        "id": STRING,
                        "title": STRING,
                        "date": NULLABLE_STRING,
                        "kind": STRING,
                        "doc_number": NULLABLE_STRING,
                        "relation": {
                            "type": "string",
                            "description": "引用它的动词：转发、根据……，否则 cites",
                        },
                    }
                )
            ),
            "cited_by_total": {
                "type": "integer",
                "description": "引用本文发文字号的文章数（cited_by 列出最新的 20 篇）",
            },
        },
        required=["id", "title", "text", "kind", "units", "issue", "source"],
    ),
    "UnitNode": {
        "type": "object",
        "properties": {
            "value": STRING,
            "count": {"type": "integer"},
            "children": _array({"$ref": "#/components/schemas/UnitNode"}),
        },
        "required": ["value", "count", "children"],
    },
    "UnitList": _object({"units": _array(_ref("FacetValue")), "tree": _array(_ref("UnitNode"))}),
    "UnitDetail": _object(
        {
            "unit": STRING,
            "ancestors": _array(STRING),
            "children": _array(_ref("FacetValue")),
            "article_total": {"type": "integer"},
            "articles": _array(_ref("Hit")),
            "statement_total": {"type": "integer"},
            "statements": _array(_ref("Statement")),
        }
    ),
}


def _json(schema: str, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


BAD_REQUEST = _json("Error", "参数错误或查询语法错误（error 说明原因，parameter 指出参数）")
NOT_FOUND = _json("Error", "不存在")
RETRY_AFTER = {"Retry-After": {"description": "建议等待的秒数", "schema": {"type": "integer"}}}
# What the server answers on any route, before or instead of the route itself (search_app.web.serving,
# search_app.web.capacity): too slow, too large, too busy, or the index unavailable.
SERVER_REFUSALS = {
    "408": _json("Error", "请求超时：请求头或请求体发送过慢，连接已关闭"),
    "413": _json("Error", "请求体过大，或此路由不接受请求体"),
    "431": _json("Error", "请求行（含查询参数）与请求头过大"),
    "503": {
        **_json("Error", "索引不可用，或服务繁忙（排队过多、超过处理时限）"),
        "headers": RETRY_AFTER,
    },
}


def _get(summary: str, parameters: list, ok: dict, *errors: tuple[str, dict]) -> dict:
    responses = {"200": ok, **SERVER_REFUSALS, **dict(errors)}
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


ID = _param("id", "文章编号", STRING, where="path", required=True)
NAME = _param("name", "单位规范名", STRING, where="path", required=True)

PATHS = {
    "/api/search": _get(
        "检索文章（与 jianbao search --json 同一结果）",
        SEARCH_PARAMS,
        _json("SearchResult", "检索结果与分面计数"),
        ("400", BAD_REQUEST),
    ),
    "/api/suggest": _get(
        "输入时的名称提示：以所输文字开头的单位与人物在前，其次为包含它的",
        [_param("q", "已输入的文字", STRING)],
        _json("Suggestions", "提示（至多 10 条），每条附可直接检索的查询"),
    ),
    "/feed.atom": _get(
        "一次检索的 Atom 订阅源（参数与 /api/search 相同；按日期新→旧）",
        SEARCH_PARAMS,
        {"description": "Atom 1.0", "content": {"application/atom+xml": {"schema": STRING}}},
        ("400", BAD_REQUEST),
    ),
    "/api/articles/{id}": _get("一篇文章的全部记录", [ID], _json("Article", "文章"), ("404", NOT_FOUND)),
    "/api/units": _get("全部规范单位及文章数（含下级），并按层级排列", [], _json("UnitList", "单位目录")),
    "/api/units/{name}": _get(
        "一个单位的文章与表态", [NAME], _json("UnitDetail", "单位"), ("404", NOT_FOUND)
    ),
    "/api/units/{name}/commitments": _get(
        "一个单位（含下级）的承诺记分卡：未到期、已到期、逾期、无期限及后续报道",
        [NAME, AS_OF],
        _json("Scorecard", "记分卡"),
        ("400", BAD_REQUEST),
    ),
    "/api/statements": _get(
        "表态台账：指示与承诺", STATEMENT_PARAMS, _json("StatementPage", "表态"), ("400", BAD_REQUEST)
    ),
    "/api/documents": {
        "post": {
            "summary": "上传一份文档并索引（默认关闭；需 --upload-dir 与令牌 JIANBAO_UPLOAD_TOKEN）",
            "security": [{"uploadToken": []}],
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                            "required": ["file"],
                        }
                    }
                },
            },
            "responses": {
                "202": {"description": "已存档，排队索引；status_url（/api/uploads/{id}）报告结果"},
                "400": BAD_REQUEST,
                "401": _json("Error", "令牌无效"),
                "405": _json("Error", "服务只读，上传未开启"),
                "413": _json("Error", "文件过大"),
                **{code: answer for code, answer in SERVER_REFUSALS.items() if code != "413"},
            },
        }
    },
    "/api/uploads/{id}": {
        "get": {
            "summary": "一次上传的结果：queued（排队）、indexed（articles 为新文章编号）、duplicate（duplicate_of）、"
            "failed（reason）；仅上传令牌持有者与管理员可见",
            "security": [{"uploadToken": []}],
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {"description": "上传的状态"},
                "404": _json("Error", "没有这一上传（或无权查看）"),
            },
        }
    },
}


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "简报检索 API",
            "version": "1.0.0",
            "description": "工作简报与新闻报道的检索接口。每个列表加 format=csv 或 format=xlsx 即可导出 CSV 或 Excel 文件，"
            "表态台账与承诺记分卡另可 format=docx 导出 Word 台账（网页路由同样）。"
            "配置账号后，每个回答只含请求者有权看到的文档（个人令牌：jianbao users token 账号，"
            "以 Authorization: Bearer 令牌 发送；未登录只看到公开文档）；无权看到的文档与不存在的一样回答 404。",
        },
        "paths": PATHS,
        # the personal token is optional: without it a request is answered as nobody signed in would be
        "security": [{}, {"personalToken": []}],
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "uploadToken": {"type": "http", "scheme": "bearer"},
                "personalToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "jianbao users token 账号",
                },
            },
        },
    }


@dataclass(frozen=True)
class Operation:
    """One route of the API as its human page lists it."""

    method: str
    path: str
    summary: str
    parameters: list[tuple[str, str]]  # (name, what it is)


def operations() -> list[Operation]:
    """Every route of the OpenAPI document, in its order, for the API's page (/docs/api)."""
    listed = []
    for path, methods in PATHS.items():
        for method, operation in methods.items():
            parameters = [
                (p.get("name", ""), p.get("description", "") or p.get("schema", {}).get("description", ""))
                for p in operation.get("parameters", [])
                if "name" in p
            ]
            listed.append(Operation(method.upper(), path, operation.get("summary", ""), parameters))
    return listed
