from rest_framework import serializers


class ServiceHealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["up", "down", "disabled"])
    latency_ms = serializers.FloatField(allow_null=True)
    details = serializers.DictField()


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "degraded", "unavailable"])
    down = serializers.ListField(child=serializers.CharField())
    degraded = serializers.ListField(child=serializers.CharField())
    stale_backlogs = serializers.DictField(child=serializers.DictField())
    services = serializers.DictField(child=ServiceHealthSerializer())


class ReadinessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "degraded", "down"])
    degraded = serializers.ListField(child=serializers.CharField())
    down = serializers.ListField(child=serializers.CharField())
