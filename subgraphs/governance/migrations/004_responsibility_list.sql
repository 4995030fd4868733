-- Version 1 of the shipped responsibility list (职责清单). Each rule names the steps dispatched at once, the steps a
-- task may be handed off to, the hand-off conditions, the follow-up steps, who is notified and whether an overdue
-- task is escalated to the level above. A step's level (COMMUNITY, STREET, DISTRICT) picks the handling unit: the
-- event's org unit code cut to 12, 9 or 6 digits. Deadlines are in minutes. District governance commanders add new
-- versions through `setResponsibilityRule`; the subgraph validates the `rule` document (workflow/rule-schema.ts).
INSERT INTO governance.responsibility_rules (category, severity, version, title, rule, changed_by, change_note) VALUES
('FIRE_HAZARD', NULL, 1, '消防安全隐患：街道综治中心牵头、街道消防协同，一小时内处置', '{
  "dispatch": [
    {"key": "street_governance", "department": "governance", "level": "STREET", "role": "LEAD", "deadlineMinutes": 60,
     "description": "街道综治中心牵头，组织现场处置"},
    {"key": "street_fire", "department": "fire", "level": "STREET", "role": "ASSIST", "deadlineMinutes": 60,
     "description": "街道消防力量到场排除隐患"}
  ],
  "handOffSteps": [], "handOffs": [], "followUp": [],
  "notify": [{"department": "governance", "level": "COMMUNITY", "when": "ALWAYS"}],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('SCHOOL_BULLYING', 'MINOR', 1, '一般校园欺凌：学校处置，超出能力转公安，涉嫌犯罪转检察院', '{
  "dispatch": [
    {"key": "school", "department": "school", "level": "STREET", "role": "LEAD", "deadlineMinutes": 4320,
     "description": "学校处置一般欺凌事件"}
  ],
  "handOffSteps": [
    {"key": "police", "department": "police", "level": "STREET", "role": "LEAD", "deadlineMinutes": 1440,
     "description": "派出所依法处置"},
    {"key": "procuratorate", "department": "procuratorate", "level": "DISTRICT", "role": "LEAD",
     "deadlineMinutes": 10080, "description": "检察院审查涉嫌犯罪的案件"}
  ],
  "handOffs": [
    {"from": "school", "to": "police", "condition": "超出学校处置能力"},
    {"from": "police", "to": "procuratorate", "condition": "涉嫌犯罪"}
  ],
  "followUp": [
    {"key": "education", "department": "education", "level": "DISTRICT", "role": "FOLLOW_UP", "deadlineMinutes": 43200,
     "description": "区教育部门跟踪回访每一起案件"}
  ],
  "notify": [{"department": "civil_affairs", "level": "STREET", "when": "CHILD_NEEDS_AID"}],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('SCHOOL_BULLYING', 'SERIOUS', 1, '较重校园欺凌：公安牵头、学校协同，涉嫌犯罪转检察院', '{
  "dispatch": [
    {"key": "police", "department": "police", "level": "STREET", "role": "LEAD", "deadlineMinutes": 1440,
     "description": "派出所依法处置"},
    {"key": "school", "department": "school", "level": "STREET", "role": "ASSIST", "deadlineMinutes": 4320,
     "description": "学校配合调查并做好学生工作"}
  ],
  "handOffSteps": [
    {"key": "procuratorate", "department": "procuratorate", "level": "DISTRICT", "role": "LEAD",
     "deadlineMinutes": 10080, "description": "检察院审查涉嫌犯罪的案件"}
  ],
  "handOffs": [{"from": "police", "to": "procuratorate", "condition": "涉嫌犯罪"}],
  "followUp": [
    {"key": "education", "department": "education", "level": "DISTRICT", "role": "FOLLOW_UP", "deadlineMinutes": 43200,
     "description": "区教育部门跟踪回访每一起案件"}
  ],
  "notify": [{"department": "civil_affairs", "level": "STREET", "when": "CHILD_NEEDS_AID"}],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('SCHOOL_BULLYING', 'CRITICAL', 1, '严重校园欺凌：公安与检察院同时介入', '{
  "dispatch": [
    {"key": "police", "department": "police", "level": "STREET", "role": "LEAD", "deadlineMinutes": 120,
     "description": "派出所立即出警处置"},
    {"key": "procuratorate", "department": "procuratorate", "level": "DISTRICT", "role": "ASSIST",
     "deadlineMinutes": 1440, "description": "检察院提前介入"}
  ],
  "handOffSteps": [], "handOffs": [],
  "followUp": [
    {"key": "education", "department": "education", "level": "DISTRICT", "role": "FOLLOW_UP", "deadlineMinutes": 43200,
     "description": "区教育部门跟踪回访每一起案件"}
  ],
  "notify": [
    {"department": "school", "level": "STREET", "when": "ALWAYS"},
    {"department": "civil_affairs", "level": "STREET", "when": "CHILD_NEEDS_AID"}
  ],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('ILLEGAL_CONSTRUCTION', NULL, 1, '违法建设：街道城管处置，知会住建', '{
  "dispatch": [
    {"key": "urban_management", "department": "urban_management", "level": "STREET", "role": "LEAD",
     "deadlineMinutes": 4320, "description": "街道城管查处违法建设"}
  ],
  "handOffSteps": [], "handOffs": [], "followUp": [],
  "notify": [{"department": "housing", "level": "STREET", "when": "ALWAYS"}],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('RENTAL_HOUSING', NULL, 1, '出租房屋（群租、隔断）：住建牵头，公安、消防协同', '{
  "dispatch": [
    {"key": "housing", "department": "housing", "level": "STREET", "role": "LEAD", "deadlineMinutes": 10080,
     "description": "住建部门检查房屋结构与隔断"},
    {"key": "police", "department": "police", "level": "STREET", "role": "ASSIST", "deadlineMinutes": 10080,
     "description": "派出所核查实有人口"},
    {"key": "fire", "department": "fire", "level": "STREET", "role": "ASSIST", "deadlineMinutes": 10080,
     "description": "消防检查疏散通道和灭火器材"}
  ],
  "handOffSteps": [], "handOffs": [], "followUp": [], "notify": [],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('NOISE_DISPUTE', NULL, 1, '噪声扰民纠纷：社区调解，调解不成转公安', '{
  "dispatch": [
    {"key": "mediation", "department": "governance", "level": "COMMUNITY", "role": "LEAD", "deadlineMinutes": 1440,
     "description": "社区综治中心调解"}
  ],
  "handOffSteps": [
    {"key": "police", "department": "police", "level": "STREET", "role": "LEAD", "deadlineMinutes": 1440,
     "description": "派出所依法处置"}
  ],
  "handOffs": [{"from": "mediation", "to": "police", "condition": "调解不成或涉嫌违反治安管理"}],
  "followUp": [], "notify": [],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('PUBLIC_ORDER', NULL, 1, '治安异常：街道派出所两小时内处置', '{
  "dispatch": [
    {"key": "police", "department": "police", "level": "STREET", "role": "LEAD", "deadlineMinutes": 120,
     "description": "派出所核查处置"}
  ],
  "handOffSteps": [], "handOffs": [], "followUp": [], "notify": [],
  "escalateOnOverdue": true
}', 'system', '初始职责清单'),
('OTHER', NULL, 1, '其他事件：社区综治中心处置', '{
  "dispatch": [
    {"key": "community_governance", "department": "governance", "level": "COMMUNITY", "role": "LEAD",
     "deadlineMinutes": 4320, "description": "社区综治中心核实处置"}
  ],
  "handOffSteps": [], "handOffs": [], "followUp": [], "notify": [],
  "escalateOnOverdue": true
}', 'system', '初始职责清单');
