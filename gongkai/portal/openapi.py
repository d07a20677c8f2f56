"""OpenAPI 3.0 description of the catalogue API (`portal.api`), served at /api/openapi.json.

Written by hand and kept exact: every object lists all its properties as required and allows
no others, and the parameter rules are the ones `portal.api` enforces. The tests validate the
document and run schemathesis against the application with it.
"""

from __future__ import annotations

from gongkai.catalogue.taxonomy import GENRES, STATUTORY_CATEGORIES, VALIDITY
from gongkai.portal.api import (
    DEFAULT_PAGE_SIZE,
    MAX_ID,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_YEAR,
    MIN_YEAR,
)

DATE = {"type": "string", "format": "date", "example": "2025-10-09"}


def _object(properties: dict, *, description: str = "", nullable: bool = False) -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    if nullable:
        schema["nullable"] = True
    return schema


def _link(description: str) -> dict:
    return _object(
        {
            "index_number": {"type": "string"},
            "title": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
        description=description + "；不公开时为 null",
        nullable=True,
    )


SUMMARY_PROPERTIES = {
    "id": {"type": "integer", "minimum": 1, "description": "条目编号（/api/items/{id}/）"},
    "index_number": {
        "type": "string",
        "description": "索引号",
        "example": "114410025/2025-00001",
    },
    "title": {"type": "string", "description": "标题"},
    "doc_number": {"type": "string", "description": "文号（无文号时为空字符串）"},
    "agency": _object(
        {
            "code": {"type": "string", "description": "机关代码"},
            "name": {"type": "string", "description": "机关名称"},
        },
        description="所属机关",
    ),
    "issuing_agency": {"type": "string", "description": "发布机构"},
    "written_on": DATE | {"description": "成文日期"},
    "published_on": DATE | {"description": "发布日期"},
    "statutory_category": {
        "type": "string",
        "enum": list(STATUTORY_CATEGORIES),
        "description": "《政府信息公开条例》第二十条类别："
        + "；".join(f"{k} {v}" for k, v in STATUTORY_CATEGORIES.items()),
    },
    "genre": {
        "type": "string",
        "enum": list(GENRES),
        "description": "体裁：" + "；".join(f"{k} {v}" for k, v in GENRES.items()),
    },
    "subject": {"type": "string", "description": "主题分类（未分类时为空字符串）"},
    "keywords": {"type": "string", "description": "关键词"},
    "validity": {
        "type": "string",
        "enum": list(VALIDITY),
        "description": "有效性：" + "；".join(f"{k} {v}" for k, v in VALIDITY.items()),
    },
    "summary": {"type": "string", "description": "内容概述"},
    "url": {"type": "string", "format": "uri", "description": "条目页面地址"},
    "content_hash": {
        "type": "string",
        "pattern": "^([0-9a-f]{64})?$",
        "description": "发布时审批内容的 SHA-256 哈希（十六进制）。由 index_number、title、"
        "doc_number、issuing_agency、written_on、published_on、statutory_category、genre、"
        "subject、keywords、validity、body 和各附件的 sha256 按 docs/api.md 所述规则计算",
    },
}

DETAIL_PROPERTIES = SUMMARY_PROPERTIES | {
    "body": {"type": "string", "description": "正文"},
    "validity_changed_on": DATE
    | {"nullable": True, "description": "有效性变更日期（现行有效时为 null）"},
    "amended_by": _link("修改本文件的文件"),
    "repealed_by": _link("废止本文件的文件"),
    "interprets": _link("本文件（政策解读）所解读的政策文件"),
    "interpretation": _link("本文件的政策解读"),
    "attachments": {
        "type": "array",
        "description": "附件，按上传顺序",
        "items": _object(
            {
                "name": {"type": "string", "description": "文件名"},
                "mime": {"type": "string", "description": "类型"},
                "size": {"type": "integer", "minimum": 1, "description": "字节数"},
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "url": {"type": "string", "format": "uri", "description": "下载地址"},
            }
        ),
    },
}

ERROR = {
    "description": "错误",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


OPENAPI: dict = {
    "openapi": "3.0.3",
    "info": {
        "title": "政府信息公开目录接口",
        "version": "1.0.0",
        "description": "只读接口：主动公开的政府信息。只返回已发布、主动公开的条目；"
        "草稿、审核中、已撤回和非主动公开的条目一律返回 404。参数有误时返回 400 和中文说明。",
    },
    "paths": {
        "/api/items/": {
            "get": {
                "operationId": "listItems",
                "summary": "公开目录（最新发布的在前）",
                "parameters": [
                    _query(
                        "agency",
                        {"type": "string", "pattern": "^[0-9A-Za-z][0-9A-Za-z-]{0,31}$"},
                        "机关代码；没有该机关时返回 404",
                    ),
                    _query(
                        "category",
                        {"type": "string", "enum": list(STATUTORY_CATEGORIES)},
                        "第二十条类别代码",
                    ),
                    _query(
                        "year",
                        {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                        "发布年份",
                    ),
                    _query("validity", {"type": "string", "enum": list(VALIDITY)}, "有效性"),
                    _query(
                        "page",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
                        "页码；超过最后一页时 results 为空",
                    ),
                    _query(
                        "page_size",
                        {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_PAGE_SIZE,
                            "default": DEFAULT_PAGE_SIZE,
                        },
                        "每页条数",
                    ),
                ],
                "responses": {
                    "200": {
                        "description": "一页条目",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemPage"}
                            }
                        },
                    },
                    "400": ERROR | {"description": "参数有误"},
                    "404": ERROR | {"description": "没有该机关"},
                },
            }
        },
        "/api/items/{id}/": {
            "get": {
                "operationId": "getItem",
                "summary": "一个公开条目，含正文和附件",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        "description": "条目编号",
                    }
                ],
                "responses": {
                    "200": {
                        "description": "条目",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemDetail"}
                            }
                        },
                    },
                    "404": ERROR | {"description": "没有这个公开条目"},
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Error": _object({"error": {"type": "string", "description": "中文说明"}}),
            "ItemSummary": _object(SUMMARY_PROPERTIES, description="目录中的条目"),
            "ItemDetail": _object(DETAIL_PROPERTIES, description="条目详情"),
            "ItemPage": _object(
                {
                    "count": {"type": "integer", "minimum": 0, "description": "符合条件的条目总数"},
                    "page": {"type": "integer", "minimum": 1},
                    "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                    "results": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/ItemSummary"},
                    },
                }
            ),
        }
    },
}
