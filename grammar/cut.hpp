// The PEGTL grammar of .cut files (docs/language.md). This header is the
// normative grammar: rules only, no actions and no error messages (the parser
// attaches those). Conventions:
//   - every token rule is wrapped in tok<>, which skips the whitespace and
//     comments after it, so a failing rule always stops at the first byte of
//     the offending token and errors point there;
//   - once a rule has seen the keyword or punctuation that identifies it, the
//     rest is under must<>, so errors are raised where they happen instead of
//     backtracking to a vague "expected an item";
//   - a rule derived from another (`struct phase_name : identifier {}`) is the
//     same syntax under a name of its own, so the parser can attach an
//     action to it.
#pragma once

#include <tao/pegtl.hpp>

namespace cutover::grammar {

namespace p = tao::pegtl;

// ------------------------------------------------------------------ lexical

// comment_end = &(newline | EOF)  (a comment holds valid UTF-8 only)
struct comment_end : p::at<p::sor<p::one<'\n', '\r'>, p::eof>> {};
// comment = "#" (UTF-8 character except CR, LF, NUL)*
struct comment : p::seq<p::one<'#'>, p::star<p::utf8::not_one<U'\n', U'\r', U'\0'>>, p::must<comment_end>> {};
// skip = (whitespace | comment)*
struct skip : p::star<p::sor<p::plus<p::one<' ', '\t', '\n', '\r', '\v', '\f'>>, comment>> {};
// tok<R> = R skip
template <typename R> struct tok : p::seq<R, skip> {};

// ident_char = [A-Za-z0-9_]
struct ident_char : p::ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
// ident_hyphen = "-" ident_char+
struct ident_hyphen : p::seq<p::one<'-'>, p::plus<ident_char>> {};
// word_end = !(ident_char | ident_hyphen)   (a keyword is a whole word)
struct word_end : p::not_at<p::sor<ident_char, ident_hyphen>> {};
// IDENT = [A-Za-z_] ident_char* ident_hyphen*
struct identifier : p::seq<p::ranges<'a', 'z', 'A', 'Z', '_'>, p::star<ident_char>, p::star<ident_hyphen>> {};

// keyword<"w"> = "w" word_end
template <typename Word> struct keyword : p::seq<Word, word_end> {};
struct kw_use : keyword<TAO_PEGTL_STRING("use")> {};
struct kw_vocabulary : keyword<TAO_PEGTL_STRING("vocabulary")> {};
struct kw_roles : keyword<TAO_PEGTL_STRING("roles")> {};
struct kw_services : keyword<TAO_PEGTL_STRING("services")> {};
struct kw_data : keyword<TAO_PEGTL_STRING("data")> {};
struct kw_tags : keyword<TAO_PEGTL_STRING("tags")> {};
struct kw_symbols : keyword<TAO_PEGTL_STRING("symbols")> {};
struct kw_pinned : keyword<TAO_PEGTL_STRING("pinned")> {};
struct kw_deployment : keyword<TAO_PEGTL_STRING("deployment")> {};
struct kw_site : keyword<TAO_PEGTL_STRING("site")> {};
struct kw_critical : keyword<TAO_PEGTL_STRING("critical")> {};
struct kw_migration : keyword<TAO_PEGTL_STRING("migration")> {};
struct kw_of : keyword<TAO_PEGTL_STRING("of")> {};
struct kw_phase : keyword<TAO_PEGTL_STRING("phase")> {};
struct kw_after : keyword<TAO_PEGTL_STRING("after")> {};
struct kw_deploy : keyword<TAO_PEGTL_STRING("deploy")> {};
struct kw_decommission : keyword<TAO_PEGTL_STRING("decommission")> {};
struct kw_move : keyword<TAO_PEGTL_STRING("move")> {};
struct kw_all : keyword<TAO_PEGTL_STRING("all")> {};
struct kw_users : keyword<TAO_PEGTL_STRING("users")> {};
struct kw_from : keyword<TAO_PEGTL_STRING("from")> {};
struct kw_to : keyword<TAO_PEGTL_STRING("to")> {};
struct kw_enable : keyword<TAO_PEGTL_STRING("enable")> {};
struct kw_disable : keyword<TAO_PEGTL_STRING("disable")> {};
struct kw_set : keyword<TAO_PEGTL_STRING("set")> {};
struct kw_backup : keyword<TAO_PEGTL_STRING("backup")> {};
struct kw_migrate : keyword<TAO_PEGTL_STRING("migrate")> {};
struct kw_confirm : keyword<TAO_PEGTL_STRING("confirm")> {};
struct kw_policy : keyword<TAO_PEGTL_STRING("policy")> {};
struct kw_error : keyword<TAO_PEGTL_STRING("error")> {};
struct kw_warning : keyword<TAO_PEGTL_STRING("warning")> {};
struct kw_info : keyword<TAO_PEGTL_STRING("info")> {};
struct kw_when : keyword<TAO_PEGTL_STRING("when")> {};
struct kw_for : keyword<TAO_PEGTL_STRING("for")> {};
struct kw_on : keyword<TAO_PEGTL_STRING("on")> {};
struct kw_where : keyword<TAO_PEGTL_STRING("where")> {};
struct kw_require : keyword<TAO_PEGTL_STRING("require")> {};
struct kw_message : keyword<TAO_PEGTL_STRING("message")> {};
struct kw_hint : keyword<TAO_PEGTL_STRING("hint")> {};
struct kw_source : keyword<TAO_PEGTL_STRING("source")> {};
struct kw_waive : keyword<TAO_PEGTL_STRING("waive")> {};
struct kw_until : keyword<TAO_PEGTL_STRING("until")> {};
struct kw_and : keyword<TAO_PEGTL_STRING("and")> {};
struct kw_or : keyword<TAO_PEGTL_STRING("or")> {};
struct kw_not : keyword<TAO_PEGTL_STRING("not")> {};
struct kw_in : keyword<TAO_PEGTL_STRING("in")> {};
struct kw_exists : keyword<TAO_PEGTL_STRING("exists")> {};
struct kw_no : keyword<TAO_PEGTL_STRING("no")> {};
struct kw_count : keyword<TAO_PEGTL_STRING("count")> {};
struct kw_true : keyword<TAO_PEGTL_STRING("true")> {};
struct kw_false : keyword<TAO_PEGTL_STRING("false")> {};
struct kw_none : keyword<TAO_PEGTL_STRING("none")> {};

// punctuation
struct lbrace : tok<p::one<'{'>> {};
struct rbrace : tok<p::one<'}'>> {};
struct lparen : tok<p::one<'('>> {};
struct rparen : tok<p::one<')'>> {};
struct lbracket : tok<p::one<'['>> {};
struct rbracket : tok<p::one<']'>> {};
struct comma : tok<p::one<','>> {};
struct colon : tok<p::one<':'>> {};
struct pipe : tok<p::one<'|'>> {};
struct dot : tok<p::one<'.'>> {};

// escape = "\" ('"' | "\" | "n" | "t")
struct escape : p::seq<p::one<'\\'>, p::one<'"', '\\', 'n', 't'>> {};
// string_char = escape | TAB | UTF-8 character except '"', '\' and control characters
// (a backslash that starts no escape is an error at the backslash)
struct invalid_escape : p::one<'\\'> {};
struct string_char : p::sor<escape, p::seq<p::at<p::one<'\\'>>, p::raise<invalid_escape>>, p::one<'\t'>,
                            p::seq<p::not_at<p::range<'\0', '\x1f'>>, p::utf8::not_one<U'"', U'\\'>>> {};
// string_scan = '"' ("\" any-but-newline | any-but-quote-backslash-newline)* '"'
// (a loose look-ahead: an unterminated string is reported at its opening quote)
struct string_scan
    : p::seq<p::one<'"'>,
             p::star<p::sor<p::seq<p::one<'\\'>, p::not_one<'\n', '\r'>>, p::not_one<'"', '\\', '\n', '\r'>>>,
             p::one<'"'>> {};
struct string_terminated : p::at<string_scan> {};
struct string_close : p::one<'"'> {};
// STRING = '"' string_char* '"'   (on one line)
struct string_lit
    : p::seq<p::at<p::one<'"'>>, p::must<string_terminated>, p::one<'"'>, p::star<string_char>, p::must<string_close>> {
};

// NUMBER = [0-9]+ ("." [0-9]+)*   (INT without a dot, VERSION with one)
struct number : p::seq<p::plus<p::digit>, p::star<p::seq<p::one<'.'>, p::plus<p::digit>>>> {};

// ----------------------------------------------------------------- nesting

// Markers around the inside of every construct that nests (lists,
// parentheses, not, quantifiers, calls): the parser counts depth on them.
// Each sits after the token that commits to its construct, where the rest is
// under must<>, so entering one always means a level of nesting.
struct nest_in : p::success {};
struct nest_out : p::success {};

// ------------------------------------------------------------ values, attrs

struct value;
// value_list = "[" (value ("," value)*)? "]"
struct value_list
    : p::seq<lbracket, nest_in, p::opt<value, p::star<comma, p::must<value>>>, p::must<rbracket>, nest_out> {};
struct value_ident : identifier {};
// value = NUMBER | STRING | "true" | "false" | value_list | IDENT
struct value : p::sor<tok<number>, tok<string_lit>, tok<kw_true>, tok<kw_false>, value_list, tok<value_ident>> {};

struct attr_key : identifier {};
// attr = IDENT value
struct attr : p::seq<tok<attr_key>, p::must<value>> {};
struct attrs_close : rbrace {};
struct attr_expected : rbrace {};
// attrs = "{" (attr ("," attr)* ","?)? "}"
struct attrs : p::seq<lbrace, p::sor<rbrace, p::seq<attr, p::star<comma, attr>, p::opt<comma>, p::must<attrs_close>>,
                                     p::must<attr_expected>>> {};

// ---------------------------------------------------------------- top items

struct use_pack : identifier {};
struct use_path : string_lit {};
struct use_target : p::sor<tok<use_path>, tok<use_pack>> {};
// use = "use" (IDENT | STRING)
struct use_item : p::seq<tok<kw_use>, p::must<use_target>> {};

struct vocab_name : identifier {};
struct vocab_category : p::sor<kw_roles, kw_services, kw_data, kw_tags, kw_symbols, kw_pinned> {};
struct vocab_entry : identifier {};
// vocab_line = ("roles" | "services" | "data" | "tags" | "symbols" | "pinned") IDENT ("," IDENT)*
struct vocab_line : p::seq<tok<vocab_category>, p::must<tok<vocab_entry>>, p::star<comma, p::must<tok<vocab_entry>>>> {
};
struct vocab_close : rbrace {};
// vocabulary = "vocabulary" IDENT "{" vocab_line* "}"
struct vocabulary
    : p::seq<tok<kw_vocabulary>, p::must<tok<vocab_name>>, p::must<lbrace>, p::star<vocab_line>, p::must<vocab_close>> {
};

// A component's role may be any identifier except the words that start the
// other deployment items.
struct component_role : p::seq<p::not_at<p::sor<kw_site, kw_data, kw_critical>>, identifier> {};
struct component_name : identifier {};
// component = ROLE IDENT attrs?
struct component : p::seq<tok<component_role>, p::must<tok<component_name>>, p::opt<attrs>> {};
struct data_name : identifier {};
struct data_attrs : attrs {};
// data_decl = "data" IDENT attrs
struct data_decl : p::seq<tok<kw_data>, p::must<tok<data_name>>, p::must<data_attrs>> {};
struct critical_service : identifier {};
// critical = "critical" IDENT ("," IDENT)*
struct critical
    : p::seq<tok<kw_critical>, p::must<tok<critical_service>>, p::star<comma, p::must<tok<critical_service>>>> {};
struct site_name : identifier {};
struct site_close : rbrace {};
// site = "site" IDENT "{" (data_decl | component)* "}"
struct site : p::seq<tok<kw_site>, p::must<tok<site_name>>, p::must<lbrace>, p::star<p::sor<data_decl, component>>,
                     p::must<site_close>> {};
// deployment_item = site | data_decl | critical | component
struct deployment_item : p::sor<site, data_decl, critical, component> {};
struct deployment_name : identifier {};
struct deployment_close : rbrace {};
// deployment = "deployment" IDENT "{" deployment_item* "}"
struct deployment : p::seq<tok<kw_deployment>, p::must<tok<deployment_name>>, p::must<lbrace>, p::star<deployment_item>,
                           p::must<deployment_close>> {};

// ------------------------------------------------------------------- steps

struct step_role : identifier {};
struct step_subject : identifier {};
struct step_service : identifier {};
struct step_target : identifier {};
struct step_text : string_lit {};
struct move_number : p::plus<p::digit> {};
struct move_count : p::sor<tok<kw_all>, tok<move_number>> {};
struct step_attrs : attrs {};

// deploy_step = "deploy" IDENT IDENT attrs?
struct deploy_step : p::seq<tok<kw_deploy>, p::must<tok<step_role>>, p::must<tok<step_subject>>, p::opt<attrs>> {};
// decommission_step = "decommission" IDENT ("," IDENT)*
struct decommission_step
    : p::seq<tok<kw_decommission>, p::must<tok<step_subject>>, p::star<comma, p::must<tok<step_subject>>>> {};
// move_step = "move" (INT | "all") "users" "from" IDENT "to" IDENT
struct move_step : p::seq<tok<kw_move>, p::must<move_count>, p::must<tok<kw_users>>, p::must<tok<kw_from>>,
                          p::must<tok<step_subject>>, p::must<tok<kw_to>>, p::must<tok<step_target>>> {};
// enable_step = "enable" IDENT "on" IDENT attrs?
struct enable_step : p::seq<tok<kw_enable>, p::must<tok<step_service>>, p::must<tok<kw_on>>, p::must<tok<step_subject>>,
                            p::opt<attrs>> {};
// disable_step = "disable" IDENT "on" IDENT
struct disable_step
    : p::seq<tok<kw_disable>, p::must<tok<step_service>>, p::must<tok<kw_on>>, p::must<tok<step_subject>>> {};
// set_step = "set" IDENT attrs
struct set_step : p::seq<tok<kw_set>, p::must<tok<step_subject>>, p::must<step_attrs>> {};
// backup_step = "backup" IDENT "to" STRING
struct backup_step : p::seq<tok<kw_backup>, p::must<tok<step_subject>>, p::must<tok<kw_to>>, p::must<tok<step_text>>> {
};
// migrate_step = "migrate" IDENT "to" IDENT
struct migrate_step
    : p::seq<tok<kw_migrate>, p::must<tok<step_subject>>, p::must<tok<kw_to>>, p::must<tok<step_target>>> {};
// confirm_step = "confirm" IDENT STRING
struct confirm_step : p::seq<tok<kw_confirm>, p::must<tok<step_subject>>, p::must<tok<step_text>>> {};
// step = deploy_step | decommission_step | move_step | enable_step | disable_step
//      | set_step | backup_step | migrate_step | confirm_step
struct step : p::sor<deploy_step, decommission_step, move_step, enable_step, disable_step, set_step, backup_step,
                     migrate_step, confirm_step> {};

struct phase_name : identifier {};
struct phase_after : identifier {};
struct phase_title : string_lit {};
struct phase_open : lbrace {};
struct phase_close : rbrace {};
// phase = "phase" IDENT ("after" IDENT ("," IDENT)*)? STRING? "{" step* "}"
struct phase : p::seq<tok<kw_phase>, p::must<tok<phase_name>>,
                      p::opt<tok<kw_after>, p::must<tok<phase_after>>, p::star<comma, p::must<tok<phase_after>>>>,
                      p::opt<tok<phase_title>>, p::must<phase_open>, p::star<step>, p::must<phase_close>> {};
struct migration_name : identifier {};
struct migration_of : identifier {};
struct migration_close : rbrace {};
// migration = "migration" IDENT ("of" IDENT)? "{" phase* "}"
struct migration
    : p::seq<tok<kw_migration>, p::must<tok<migration_name>>, p::opt<tok<kw_of>, p::must<tok<migration_of>>>,
             p::must<lbrace>, p::star<phase>, p::must<migration_close>> {};

// Runs of items parsed on their own, by the threads of a parallel parse: the
// items of a block between two of them, whitespace and comments included.
// deployment_run = deployment_item* EOF
struct deployment_run : p::seq<p::star<deployment_item>, p::eof> {};
// phase_run = phase* EOF
struct phase_run : p::seq<p::star<phase>, p::eof> {};

// -------------------------------------------------------------- expressions

// Words that never start a path (reserved in expressions).
struct reserved : p::sor<kw_and, kw_or, kw_not, kw_in, kw_exists, kw_no, kw_count, kw_true, kw_false, kw_none, kw_where,
                         kw_require, kw_message, kw_hint, kw_source, kw_when, kw_for, kw_on> {};
// NAME = IDENT that is not a reserved word
struct name : p::seq<p::not_at<reserved>, identifier> {};

struct binder_var : name {};
struct binder_kind : identifier {};
struct binder_kinds : p::seq<tok<binder_kind>, p::star<pipe, p::must<tok<binder_kind>>>> {};
// binder = NAME ":" kind ("|" kind)*
struct binder : p::seq<tok<binder_var>, colon, p::must<binder_kinds>> {};
struct first_binder : p::seq<tok<binder_var>, p::must<colon>, p::must<binder_kinds>> {};
// binders = binder ("," binder)*   (a "," not followed by NAME ":" ends the binders)
struct binders : p::seq<first_binder, p::star<comma, binder>> {};

struct expr;
struct where_clause : p::seq<tok<kw_where>, p::must<expr>> {};

struct literal : p::sor<tok<number>, tok<string_lit>, tok<kw_true>, tok<kw_false>, tok<kw_none>> {};
// paren_expr = "(" expr ")"
struct paren_expr : p::seq<lparen, nest_in, p::must<expr>, p::must<rparen>, nest_out> {};
struct list_close : rbracket {};
// list_expr = "[" (expr ("," expr)*)? "]"
struct list_expr
    : p::seq<lbracket, nest_in, p::opt<expr, p::star<comma, p::must<expr>>>, p::must<list_close>, nest_out> {};
// exists_expr = "exists" binders ("where" expr)?   (where extends as far right as possible)
struct exists_expr : p::seq<tok<kw_exists>, nest_in, p::must<binders>, p::opt<where_clause>, nest_out> {};
// no_expr = "no" binders ("where" expr)?
struct no_expr : p::seq<tok<kw_no>, nest_in, p::must<binders>, p::opt<where_clause>, nest_out> {};
struct count_open : lparen {};
struct count_close : rparen {};
// count_expr = "count" "(" binders ("where" expr)? ")"
struct count_expr : p::seq<tok<kw_count>, nest_in, p::must<count_open>, p::must<binders>, p::opt<where_clause>,
                           p::must<count_close>, nest_out> {};
struct callee : name {};
struct call_close : rparen {};
// call = NAME "(" (expr ("," expr)*)? ")"
struct call
    : p::seq<tok<callee>, lparen, nest_in, p::opt<expr, p::star<comma, p::must<expr>>>, p::must<call_close>, nest_out> {
};
struct path_head : name {};
struct attr_name : identifier {};
// path = NAME ("." IDENT)*
struct path : p::seq<tok<path_head>, p::star<dot, p::must<tok<attr_name>>>> {};
// term = literal | paren_expr | list_expr | exists_expr | no_expr | count_expr | call | path
struct term : p::sor<literal, paren_expr, list_expr, exists_expr, no_expr, count_expr, call, path> {};
// cmp_op = "==" | "!=" | "<=" | ">=" | "<" | ">" | "in"
struct cmp_op : p::sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="),
                       p::one<'<'>, p::one<'>'>, kw_in> {};
// cmp_expr = term (cmp_op term)?
struct cmp_expr : p::seq<term, p::opt<tok<cmp_op>, p::must<term>>> {};
struct unary;
// not_expr = "not" unary
struct not_expr : p::seq<tok<kw_not>, nest_in, p::must<unary>, nest_out> {};
// unary = not_expr | cmp_expr
struct unary : p::sor<not_expr, cmp_expr> {};
// and_expr = unary ("and" unary)*
struct and_expr : p::seq<unary, p::star<tok<kw_and>, p::must<unary>>> {};
// expr = and_expr ("or" and_expr)*
struct expr : p::seq<and_expr, p::star<tok<kw_or>, p::must<and_expr>>> {};

// ------------------------------------------------------------------ policy

struct policy_id : identifier {};
struct severity : p::sor<kw_error, kw_warning, kw_info> {};
struct policy_title : string_lit {};
struct on_verb
    : p::sor<kw_deploy, kw_decommission, kw_move, kw_enable, kw_disable, kw_set, kw_backup, kw_migrate, kw_confirm> {};
struct on_var : name {};
struct clause_text : string_lit {};
// when_clause = "when" expr
struct when_clause : p::seq<tok<kw_when>, p::must<expr>> {};
// for_clause = "for" binders ("where" expr)?
struct for_clause : p::seq<tok<kw_for>, p::must<binders>, p::opt<where_clause>> {};
// on_clause = "on" VERB NAME ("where" expr)?
struct on_clause : p::seq<tok<kw_on>, p::must<tok<on_verb>>, p::must<tok<on_var>>, p::opt<where_clause>> {};
// require_clause = "require" expr
struct require_clause : p::seq<tok<kw_require>, p::must<expr>> {};
// text_condition = "when" expr   (the condition of a message or hint variant)
struct text_condition : p::seq<tok<kw_when>, p::must<expr>> {};
// message_clause = "message" text_condition? STRING;  hint_clause = "hint" text_condition? STRING
// source_clause = "source" STRING
struct message_clause : p::seq<tok<kw_message>, p::opt<text_condition>, p::must<tok<clause_text>>> {};
struct hint_clause : p::seq<tok<kw_hint>, p::opt<text_condition>, p::must<tok<clause_text>>> {};
struct source_clause : p::seq<tok<kw_source>, p::must<tok<clause_text>>> {};
struct policy_close : rbrace {};
// policy = "policy" IDENT ("error" | "warning" | "info") STRING "{" clause* "}"
struct policy : p::seq<tok<kw_policy>, p::must<tok<policy_id>>, p::must<tok<severity>>, p::must<tok<policy_title>>,
                       p::must<lbrace>,
                       p::star<p::sor<when_clause, for_clause, on_clause, require_clause, message_clause, hint_clause,
                                      source_clause>>,
                       p::must<policy_close>> {};

struct waive_policy : identifier {};
struct waive_entity : identifier {};
struct waive_until : string_lit {};
struct waive_reason : string_lit {};
// waive = "waive" IDENT ("for" IDENT ("," IDENT)*)? ("until" STRING)? STRING
struct waive : p::seq<tok<kw_waive>, p::must<tok<waive_policy>>,
                      p::opt<tok<kw_for>, p::must<tok<waive_entity>>, p::star<comma, p::must<tok<waive_entity>>>>,
                      p::opt<tok<kw_until>, p::must<tok<waive_until>>>, p::must<tok<waive_reason>>> {};

// -------------------------------------------------------------------- file

struct file_end : p::eof {};
// file = BOM? skip (use | vocabulary | deployment | migration | policy | waive)* EOF
struct file : p::seq<p::opt<p::utf8::bom>, skip,
                     p::star<p::sor<use_item, vocabulary, deployment, migration, policy, waive>>, p::must<file_end>> {};

} // namespace cutover::grammar
