"""Staff management forms. The organisation and role choices are limited to the manager's scope;
the services check the same rules again."""
import copy

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from jiritsu.core.forms import TextField
from jiritsu.core.text import refuse_control_characters

from . import policies
from .models import Organisation


def grouped_role_choices(organisations) -> list:
    """Roles grouped by organisation kind, only for kinds the manager actually manages."""
    kinds = sorted({o.kind for o in organisations}, key=list(Organisation.Kind.values).index)
    return [("", "選択してください")] + [
        (Organisation.Kind(kind).label, [(r.value, r.label) for r in policies.roles_for(Organisation(kind=kind))])
        for kind in kinds
    ]


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}）"


class StaffForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("所属組織"), queryset=Organisation.objects.none(),
                                           empty_label="選択してください")
    display_name = TextField(label=_("氏名"), max_length=40)
    role = forms.ChoiceField(label=_("役割"), help_text=_("所属組織の種別に合う役割だけを設定できます。"))
    manages_staff = forms.BooleanField(
        label=_("職員アカウントの管理"), required=False,
        help_text=_("この職員が職員アカウントの登録・変更・停止・パスワード再設定を行えるようにします。"),
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = policies.manageable_organisations(manager).order_by("kind", "name")
        self.fields["organisation"].queryset = orgs
        self.fields["role"].choices = grouped_role_choices(orgs)

    def clean(self):
        data = super().clean()
        org, role = data.get("organisation"), data.get("role")
        if org is not None and role and role not in policies.roles_for(org):
            allowed = "、".join(str(r.label) for r in policies.roles_for(org))
            self.add_error("role", f"{org.get_kind_display()}の職員に設定できる役割は{allowed}です。")
        return data


class StaffCreateForm(StaffForm):
    username = TextField(
        label=_("ユーザー名（ログインID）"), max_length=150,
        help_text=_("半角英数字と @ . + - _ が使えます。登録後は変更できません。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["organisation", "username", "display_name", "role", "manages_staff"]


class StaffEditForm(StaffForm):
    version = TextField(widget=forms.HiddenInput)


def _refusing_control_characters(field):
    """A copy of one of Django's password fields that refuses control characters as every text field here
    does (a copy: Django's own forms, the admin's among them, keep theirs)."""
    field = copy.deepcopy(field)
    field.validators = [*field.validators, refuse_control_characters]
    return field


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's form, and the new password must differ from the current (a temporary one above all)."""

    old_password = _refusing_control_characters(PasswordChangeForm.base_fields["old_password"])
    new_password1 = _refusing_control_characters(PasswordChangeForm.base_fields["new_password1"])
    new_password2 = _refusing_control_characters(PasswordChangeForm.base_fields["new_password2"])

    def clean(self):
        data = super().clean()
        new = data.get("new_password1")
        if new and "new_password1" not in self.errors and new == data.get("old_password"):
            self.add_error("new_password1", "現在のパスワードとは別のパスワードを入力してください。")
        return data
